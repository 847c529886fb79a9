package io.objsync.net.harness;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The most any QUIC data path written in Java can carry on this machine: no protocol at all, only what every
 * QUIC packet costs (AES-128-GCM over the payload with the header as associated data, one system call per
 * datagram each way), one sender thread and one receiver thread, over loopback, for several datagram sizes; and
 * the same with 16 KiB records over TCP, which is what TLS pays. The sender keeps at most {@code window} bytes
 * ahead of what the receiver has decrypted (a stand-in for acknowledgements that costs no packets), so the
 * socket buffers never overflow.
 *
 * <p>Not a test; run by hand:
 * {@code java -cp ... io.objsync.net.harness.DatagramCeiling [MiB] [rounds] [sizes, e.g. 1452,16384,65000,tcp]}.
 */
public final class DatagramCeiling {

    private static final int HEADER = 8;
    private static final int TAG = 16;
    private static final int TCP_RECORD = 16 * 1024;
    private static final long DATAGRAM_WINDOW = 1 << 20;
    private static final long TCP_WINDOW = 4 << 20;

    private DatagramCeiling() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] kinds = (args.length > 2 ? args[2] : "1452,16384,65000,tcp").split(",");
        long bytes = (long) mib << 20;
        for (String kind : kinds) {
            run(kind, bytes); // warm-up
            double best = 0;
            for (int r = 0; r < rounds; r++) {
                best = Math.max(best, run(kind, bytes));
            }
            System.out.printf("%-16s %d MiB: best %.0f MB/s (%d rounds)%n",
                    kind.equals("tcp") ? "tcp 16 KiB recs" : "udp " + kind + " B", mib, best, rounds);
        }
    }

    /** One transfer of {@code bytes}; returns MB/s. */
    private static double run(String kind, long bytes) throws Exception {
        boolean tcp = kind.equals("tcp");
        int packet = tcp ? TCP_RECORD + HEADER + TAG : Integer.parseInt(kind);
        InetSocketAddress lo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        ByteChannel tx;
        ByteChannel rx;
        if (tcp) {
            try (ServerSocketChannel server = ServerSocketChannel.open().bind(lo)) {
                tx = SocketChannel.open(server.getLocalAddress());
                rx = server.accept();
            }
        } else {
            DatagramChannel r = DatagramChannel.open().bind(lo);
            DatagramChannel t = DatagramChannel.open().bind(lo);
            r.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            t.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            t.connect(r.getLocalAddress());
            r.connect(t.getLocalAddress());
            r.configureBlocking(false);
            tx = t;
            rx = r;
        }
        long window = tcp ? TCP_WINDOW : DATAGRAM_WINDOW;
        AtomicLong received = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread receiver = new Thread(() -> {
            try {
                receive(rx, tcp, packet, bytes, received);
            } catch (Exception e) {
                failure.set(e);
                received.set(Long.MAX_VALUE / 2);
            }
        }, "ceiling-receiver");
        long t0 = System.nanoTime();
        receiver.start();
        send(tx, packet, bytes, window, received);
        receiver.join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        tx.close();
        rx.close();
        if (failure.get() != null) {
            throw failure.get();
        }
        return bytes / 1e6 / seconds;
    }

    private static void send(ByteChannel tx, int packet, long bytes, long window, AtomicLong received)
            throws IOException, GeneralSecurityException {
        Sealer sealer = new Sealer();
        ByteBuffer plain = ByteBuffer.allocateDirect(packet);
        ByteBuffer wire = ByteBuffer.allocateDirect(packet);
        int payload = packet - HEADER - TAG;
        long pn = 0;
        for (long sent = 0; sent < bytes; sent += payload) {
            while (sent - received.get() > window) {
                Thread.onSpinWait();
            }
            plain.clear().limit(payload);
            wire.clear();
            wire.putLong(pn);
            sealer.seal(pn++, plain, wire);
            wire.flip();
            while (wire.hasRemaining()) {
                tx.write(wire);
            }
        }
    }

    private static void receive(ByteChannel rx, boolean tcp, int packet, long bytes, AtomicLong received)
            throws IOException, GeneralSecurityException {
        Sealer opener = new Sealer();
        ByteBuffer wire = ByteBuffer.allocateDirect(packet);
        ByteBuffer plain = ByteBuffer.allocateDirect(packet);
        try (Selector selector = Selector.open()) {
            if (!tcp) {
                ((DatagramChannel) rx).register(selector, SelectionKey.OP_READ);
            }
            long got = 0;
            while (got < bytes) {
                wire.clear();
                if (tcp) {
                    while (wire.hasRemaining()) {
                        if (rx.read(wire) < 0) {
                            throw new IOException("stream ended after " + got + " bytes");
                        }
                    }
                } else if (rx.read(wire) == 0) {
                    if (selector.select(2000) == 0) {
                        throw new IOException("no datagram for 2 s after " + got + " bytes: one was dropped");
                    }
                    selector.selectedKeys().clear();
                    continue;
                }
                wire.flip();
                plain.clear();
                opener.open(wire.getLong(0), wire.position(HEADER), plain);
                got += plain.position();
                received.set(got);
            }
        }
    }

    /** AES-128-GCM with the 8-byte packet number as nonce tail and associated data, as a QUIC packet has. */
    private static final class Sealer {
        private final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        private final SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        private final byte[] nonce = new byte[12];
        private final byte[] aad = new byte[HEADER];

        Sealer() throws GeneralSecurityException {
        }

        void seal(long pn, ByteBuffer plain, ByteBuffer out) throws GeneralSecurityException {
            init(Cipher.ENCRYPT_MODE, pn);
            cipher.doFinal(plain, out);
        }

        void open(long pn, ByteBuffer in, ByteBuffer plain) throws GeneralSecurityException {
            init(Cipher.DECRYPT_MODE, pn);
            cipher.doFinal(in, plain);
        }

        private void init(int mode, long pn) throws GeneralSecurityException {
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] = (byte) (pn >>> (56 - 8 * i));
                aad[i] = nonce[4 + i];
            }
            cipher.init(mode, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad);
        }
    }
}
