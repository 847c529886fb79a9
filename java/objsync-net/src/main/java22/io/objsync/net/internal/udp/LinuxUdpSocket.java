package io.objsync.net.internal.udp;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A Linux UDP socket driven through libc with the Foreign Function &amp; Memory API, so that one system call moves
 * many datagrams: {@code sendmsg} with {@code UDP_SEGMENT} (GSO: the kernel cuts one buffer into datagrams of a
 * given size) and {@code recvmsg} with {@code UDP_GRO} (the kernel hands over a sender's back-to-back datagrams
 * as one buffer and their size). quinn, and so iroh, does the same; with {@code java.net} every 1.4 KB datagram
 * is a system call of its own, which was half of our sending thread's time.
 *
 * <p>The struct layouts are those of Linux on x86_64 and aarch64 (LP64); {@link UdpSockets} uses this class only
 * there. The file descriptor is closed by whichever of {@link #close} and the last call in progress comes last,
 * so no send or receive ever reaches a descriptor number the process has reused.
 */
public final class LinuxUdpSocket implements UdpSocket {

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_SNDBUF = 7;
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVTIMEO = 20;
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;
    private static final int UDP_GRO = 104;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_V6ONLY = 26;
    private static final int SHUT_RDWR = 2;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    /** UDP_MAX_SEGMENTS of kernels since 4.18 (newer ones take 128). */
    private static final int MAX_SEGMENTS = 64;
    private static final int RECEIVE_BYTES = 65_536;
    private static final int CONTROL_BYTES = 64;
    /** struct msghdr: name, namelen, iov, iovlen, control, controllen, flags. */
    private static final long MSG_NAME = 0;
    private static final long MSG_NAMELEN = 8;
    private static final long MSG_IOV = 16;
    private static final long MSG_IOVLEN = 24;
    private static final long MSG_CONTROL = 32;
    private static final long MSG_CONTROLLEN = 40;
    private static final long MSGHDR_BYTES = 56;
    /** struct cmsghdr: len (size_t), level, type, then the data, 8-byte aligned. */
    private static final long CMSG_HEADER = 16;
    private static final int SOCKADDR_BYTES = 28;
    /** Closed bit of {@link #state}; the low bits count calls in progress. */
    private static final int CLOSED = 1 << 30;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = libc("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_INT));
    private static final MethodHandle BIND = libc("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
            JAVA_INT));
    private static final MethodHandle SETSOCKOPT = libc("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = libc("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETSOCKNAME = libc("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            ADDRESS, ADDRESS));
    private static final MethodHandle SENDMSG = libc("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
            JAVA_INT));
    private static final MethodHandle RECVMSG = libc("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
            JAVA_INT));
    private static final MethodHandle SHUTDOWN = libc("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            JAVA_INT));
    private static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** Each sending thread's buffers (a send is one call on its own thread, so no lock is needed). */
    private static final ThreadLocal<Scratch> SEND_SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final int fd;
    private final int family;
    private final InetSocketAddress local;
    private final AtomicInteger state = new AtomicInteger();
    private final Scratch receiveScratch = new Scratch();
    /** Whether sendmsg takes UDP_SEGMENT here; cleared for good if the kernel ever refuses it. */
    private volatile boolean gso = true;
    /** The last sender's address, raw and decoded: most datagrams come from the peer of the last one. */
    private final byte[] lastFromRaw = new byte[SOCKADDR_BYTES];
    private int lastFromLength;
    private InetSocketAddress lastFrom;

    private LinuxUdpSocket(int fd, int family) throws IOException {
        this.fd = fd;
        this.family = family;
        this.local = queryLocal();
    }

    private static MethodHandle libc(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"));
    }

    /** Native buffers for one thread's system calls. */
    private static final class Scratch {
        final MemorySegment data;
        final MemorySegment msg;
        final MemorySegment iov;
        final MemorySegment control;
        final MemorySegment name;
        final MemorySegment capture;
        final MemorySegment scratch;

        Scratch() {
            Arena arena = Arena.ofAuto();
            data = arena.allocate(RECEIVE_BYTES, 64);
            msg = arena.allocate(MSGHDR_BYTES, 8);
            iov = arena.allocate(16, 8);
            control = arena.allocate(CONTROL_BYTES, 8);
            name = arena.allocate(SOCKADDR_BYTES, 8);
            capture = arena.allocate(CAPTURE);
            scratch = arena.allocate(16, 8);
            msg.set(ADDRESS, MSG_NAME, name);
            msg.set(ADDRESS, MSG_IOV, iov);
            msg.set(JAVA_LONG, MSG_IOVLEN, 1);
            iov.set(ADDRESS, 0, data);
        }

        int errno() {
            return (int) ERRNO.get(capture, 0L);
        }
    }

    /** A libc call by downcall handle: invokeExact declares Throwable, though a downcall throws nothing checked. */
    private interface LibcCall {
        int run() throws Throwable;
    }

    /** Runs {@code call}; a negative result is a SocketException naming {@code what} and errno. */
    private static int call(Scratch s, String what, LibcCall call) throws IOException {
        int r;
        try {
            r = call.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(what + " failed: " + t, t);
        }
        if (r < 0) {
            throw new SocketException(what + ": errno " + s.errno());
        }
        return r;
    }

    /** Throws why GSO sockets do not work in this process (no error: they do). */
    public static void probe() throws IOException {
        Scratch s = SEND_SCRATCH.get();
        int fd = socket(s, AF_INET);
        try {
            setInt(s, fd, SOL_UDP, UDP_GRO, 1, "UDP_GRO");
            s.scratch.set(JAVA_INT, 8, 4);
            call(s, "getsockopt(UDP_SEGMENT) (kernel before 4.18?)", () -> (int) GETSOCKOPT.invokeExact(s.capture,
                    fd, SOL_UDP, UDP_SEGMENT, s.scratch, s.scratch.asSlice(8)));
        } finally {
            closeFd(s, fd);
        }
    }

    /** A socket bound at {@code bind}, its buffers asked to be {@code bufferBytes}, receiving with GRO. */
    public static LinuxUdpSocket open(InetSocketAddress bind, int bufferBytes) throws IOException {
        InetAddress address = bind.getAddress();
        boolean v4 = address instanceof Inet4Address && !address.isAnyLocalAddress();
        int family = v4 ? AF_INET : AF_INET6;
        Scratch s = SEND_SCRATCH.get();
        int fd = socket(s, family);
        try {
            if (!v4) {
                setInt(s, fd, IPPROTO_IPV6, IPV6_V6ONLY, 0, "IPV6_V6ONLY"); // one socket for IPv4 peers too
            }
            setInt(s, fd, SOL_SOCKET, SO_RCVBUF, bufferBytes, "SO_RCVBUF");
            setInt(s, fd, SOL_SOCKET, SO_SNDBUF, bufferBytes, "SO_SNDBUF");
            setInt(s, fd, SOL_UDP, UDP_GRO, 1, "UDP_GRO");
            // a receive wakes at least this often, so a reader always sees close() even if no wake-up reached it
            s.scratch.set(JAVA_LONG, 0, 0);
            s.scratch.set(JAVA_LONG, 8, 250_000);
            call(s, "setsockopt(SO_RCVTIMEO)", () -> (int) SETSOCKOPT.invokeExact(s.capture, fd, SOL_SOCKET,
                    SO_RCVTIMEO, s.scratch, 16));
            InetSocketAddress where = address.isAnyLocalAddress()
                    ? new InetSocketAddress(InetAddress.getByAddress(new byte[16]), bind.getPort()) : bind;
            int length = encode(where, family, s.name);
            try {
                call(s, "bind", () -> (int) BIND.invokeExact(s.capture, fd, s.name, length));
            } catch (SocketException e) {
                throw new java.net.BindException("cannot bind UDP " + bind + ": " + e.getMessage());
            }
            return new LinuxUdpSocket(fd, family);
        } catch (IOException | RuntimeException | Error e) {
            closeFd(s, fd);
            throw e;
        }
    }

    private static int socket(Scratch s, int family) throws IOException {
        return call(s, "socket()", () -> (int) SOCKET.invokeExact(s.capture, family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    }

    private static void setInt(Scratch s, int fd, int level, int option, int value, String what) throws IOException {
        s.scratch.set(JAVA_INT, 0, value);
        call(s, "setsockopt(" + what + ")", () -> (int) SETSOCKOPT.invokeExact(s.capture, fd, level, option,
                s.scratch, 4));
    }

    private static void closeFd(Scratch s, int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(s.capture, fd);
        } catch (Throwable t) {
            // nothing more to do for a descriptor we give up
        }
    }

    private InetSocketAddress queryLocal() throws IOException {
        Scratch s = receiveScratch;
        s.scratch.set(JAVA_INT, 0, SOCKADDR_BYTES);
        call(s, "getsockname", () -> (int) GETSOCKNAME.invokeExact(s.capture, fd, s.name, s.scratch));
        return decode(s.name, s.scratch.get(JAVA_INT, 0));
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public int maxSegments() {
        return gso ? MAX_SEGMENTS : 1;
    }

    @Override
    public String kind() {
        return "linux-gso";
    }

    @Override
    public void send(byte[] buf, int off, int len, int segment, InetSocketAddress to) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        if (segment <= 0 || len > RECEIVE_BYTES || (len > segment && (len - 1) / segment >= MAX_SEGMENTS)) {
            throw new IllegalArgumentException("cannot send " + len + " bytes in datagrams of " + segment);
        }
        if (!acquire()) {
            throw new SocketException("socket closed");
        }
        try {
            Scratch s = SEND_SCRATCH.get();
            MemorySegment.copy(buf, off, s.data, JAVA_BYTE, 0, len);
            s.msg.set(JAVA_INT, MSG_NAMELEN, encode(to, family, s.name));
            if (len <= segment) {
                sendOnce(s, 0, len, 0);
            } else if (gso) {
                try {
                    sendOnce(s, 0, len, segment);
                } catch (SocketException e) {
                    if (!gso) { // the kernel refused UDP_SEGMENT: one datagram at a time from now on
                        sendEach(s, len, segment);
                    } else {
                        throw e;
                    }
                }
            } else {
                sendEach(s, len, segment);
            }
        } finally {
            release();
        }
    }

    private void sendEach(Scratch s, int len, int segment) throws SocketException {
        for (int at = 0; at < len; at += segment) {
            sendOnce(s, at, Math.min(segment, len - at), 0);
        }
    }

    /** One sendmsg of data[at, at + len), cut into datagrams of {@code segment} bytes unless it is 0. */
    private void sendOnce(Scratch s, int at, int len, int segment) throws SocketException {
        s.iov.set(ADDRESS, 0, s.data.asSlice(at));
        s.iov.set(JAVA_LONG, 8, len);
        if (segment > 0) {
            s.control.set(JAVA_LONG, 0, CMSG_HEADER + 2); // CMSG_LEN(sizeof(uint16_t))
            s.control.set(JAVA_INT, 8, SOL_UDP);
            s.control.set(JAVA_INT, 12, UDP_SEGMENT);
            s.control.set(JAVA_SHORT, CMSG_HEADER, (short) segment);
            s.msg.set(ADDRESS, MSG_CONTROL, s.control);
            s.msg.set(JAVA_LONG, MSG_CONTROLLEN, CMSG_HEADER + 8); // CMSG_SPACE(sizeof(uint16_t))
        } else {
            s.msg.set(ADDRESS, MSG_CONTROL, MemorySegment.NULL);
            s.msg.set(JAVA_LONG, MSG_CONTROLLEN, 0);
        }
        while (true) {
            long r;
            try {
                r = (long) SENDMSG.invokeExact(s.capture, fd, s.msg, 0);
            } catch (Throwable t) {
                throw new SocketException("sendmsg failed: " + t);
            }
            if (r >= 0) {
                return;
            }
            int errno = s.errno();
            if (errno == EINTR) {
                continue;
            }
            if (segment > 0 && (errno == 5 || errno == 22 || errno == 95)) { // EIO, EINVAL, EOPNOTSUPP
                gso = false;
            }
            throw new SocketException("sendmsg: errno " + errno);
        }
    }

    @Override
    public boolean receive(Received into) throws IOException {
        if (!acquire()) {
            return false;
        }
        try {
            Scratch s = receiveScratch;
            while (true) {
                s.iov.set(ADDRESS, 0, s.data);
                s.iov.set(JAVA_LONG, 8, Math.min(RECEIVE_BYTES, into.buf.length));
                s.msg.set(JAVA_INT, MSG_NAMELEN, SOCKADDR_BYTES);
                s.msg.set(ADDRESS, MSG_CONTROL, s.control);
                s.msg.set(JAVA_LONG, MSG_CONTROLLEN, CONTROL_BYTES);
                long r;
                try {
                    r = (long) RECVMSG.invokeExact(s.capture, fd, s.msg, 0);
                } catch (Throwable t) {
                    throw new SocketException("recvmsg failed: " + t);
                }
                if ((state.get() & CLOSED) != 0) {
                    return false;
                }
                if (r < 0) {
                    int errno = s.errno();
                    if (errno == EINTR || errno == EAGAIN) {
                        continue; // interrupted, or the periodic wake-up to look for close()
                    }
                    throw new SocketException("recvmsg: errno " + errno);
                }
                int n = (int) r;
                MemorySegment.copy(s.data, JAVA_BYTE, 0, into.buf, 0, n);
                into.length = n;
                into.segment = groSegment(s, n);
                into.from = from(s.name, s.msg.get(JAVA_INT, MSG_NAMELEN));
                return true;
            }
        } finally {
            release();
        }
    }

    /** The UDP_GRO control message's datagram size, or {@code length} when the kernel coalesced nothing. */
    private static int groSegment(Scratch s, int length) {
        long controlLength = s.msg.get(JAVA_LONG, MSG_CONTROLLEN);
        for (long at = 0; at + CMSG_HEADER <= controlLength; ) {
            long cmsgLength = s.control.get(JAVA_LONG, at);
            if (cmsgLength < CMSG_HEADER || at + cmsgLength > controlLength) {
                break;
            }
            if (s.control.get(JAVA_INT, at + 8) == SOL_UDP && s.control.get(JAVA_INT, at + 12) == UDP_GRO
                    && cmsgLength >= CMSG_HEADER + 4) {
                int segment = s.control.get(JAVA_INT, at + CMSG_HEADER);
                return segment > 0 && segment < length ? segment : length;
            }
            at += (cmsgLength + 7) & ~7L;
        }
        return length;
    }

    /** The sender's address, reusing the last one's object when the bytes are the same. */
    private InetSocketAddress from(MemorySegment name, int length) throws IOException {
        length = Math.min(length, SOCKADDR_BYTES);
        boolean same = length == lastFromLength && lastFrom != null;
        for (int i = 0; same && i < length; i++) {
            same = name.get(JAVA_BYTE, i) == lastFromRaw[i];
        }
        if (same) {
            return lastFrom;
        }
        MemorySegment.copy(name, JAVA_BYTE, 0, lastFromRaw, 0, length);
        lastFromLength = length;
        lastFrom = decode(name, length);
        return lastFrom;
    }

    /** Writes {@code to} as a sockaddr of {@code family} into {@code name}; returns its length. */
    private static int encode(InetSocketAddress to, int family, MemorySegment name) throws IOException {
        InetAddress a = to.getAddress();
        if (a == null) {
            throw new UnknownHostException("unresolved address " + to);
        }
        int port = to.getPort();
        if (family == AF_INET) {
            if (!(a instanceof Inet4Address)) {
                throw new java.net.NoRouteToHostException("an IPv4 socket cannot send to " + to);
            }
            name.set(JAVA_SHORT, 0, (short) AF_INET);
            name.set(JAVA_BYTE, 2, (byte) (port >>> 8));
            name.set(JAVA_BYTE, 3, (byte) port);
            MemorySegment.copy(a.getAddress(), 0, name, JAVA_BYTE, 4, 4);
            name.set(JAVA_LONG, 8, 0);
            return 16;
        }
        name.set(JAVA_SHORT, 0, (short) AF_INET6);
        name.set(JAVA_BYTE, 2, (byte) (port >>> 8));
        name.set(JAVA_BYTE, 3, (byte) port);
        name.set(JAVA_INT, 4, 0); // flow info
        byte[] raw = a.getAddress();
        if (raw.length == 4) { // an IPv4 peer of a dual-stack socket: ::ffff:a.b.c.d
            name.set(JAVA_LONG, 8, 0);
            name.set(JAVA_SHORT, 16, (short) 0);
            name.set(JAVA_SHORT, 18, (short) 0xffff);
            MemorySegment.copy(raw, 0, name, JAVA_BYTE, 20, 4);
            name.set(JAVA_INT, 24, 0);
        } else {
            MemorySegment.copy(raw, 0, name, JAVA_BYTE, 8, 16);
            name.set(JAVA_INT, 24, a instanceof Inet6Address v6 ? v6.getScopeId() : 0);
        }
        return SOCKADDR_BYTES;
    }

    /** The address a sockaddr of {@code length} bytes holds; a v4-mapped IPv6 address as the IPv4 one. */
    private static InetSocketAddress decode(MemorySegment name, int length) throws IOException {
        int family = name.get(JAVA_SHORT, 0) & 0xffff;
        int port = (name.get(JAVA_BYTE, 2) & 0xff) << 8 | (name.get(JAVA_BYTE, 3) & 0xff);
        if (family == AF_INET && length >= 8) {
            byte[] raw = new byte[4];
            MemorySegment.copy(name, JAVA_BYTE, 4, raw, 0, 4);
            return new InetSocketAddress(InetAddress.getByAddress(raw), port);
        }
        if (family == AF_INET6 && length >= 24) {
            byte[] raw = new byte[16];
            MemorySegment.copy(name, JAVA_BYTE, 8, raw, 0, 16);
            boolean mapped = true;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = raw[i] == 0;
            }
            if (mapped && raw[10] == (byte) 0xff && raw[11] == (byte) 0xff) {
                return new InetSocketAddress(InetAddress.getByAddress(java.util.Arrays.copyOfRange(raw, 12, 16)),
                        port);
            }
            int scope = length >= SOCKADDR_BYTES ? name.get(JAVA_INT, 24) : 0;
            return new InetSocketAddress(scope == 0 ? InetAddress.getByAddress(raw)
                    : Inet6Address.getByAddress(null, raw, scope), port);
        }
        throw new SocketException("a sockaddr of family " + family + " and " + length + " bytes");
    }

    @Override
    public int receiveBufferSize() throws IOException {
        Scratch s = SEND_SCRATCH.get();
        if (!acquire()) {
            throw new SocketException("socket closed");
        }
        try {
            s.scratch.set(JAVA_INT, 8, 4);
            call(s, "getsockopt(SO_RCVBUF)", () -> (int) GETSOCKOPT.invokeExact(s.capture, fd, SOL_SOCKET, SO_RCVBUF,
                    s.scratch, s.scratch.asSlice(8)));
            return s.scratch.get(JAVA_INT, 0);
        } finally {
            release();
        }
    }

    private boolean acquire() {
        while (true) {
            int s = state.get();
            if ((s & CLOSED) != 0) {
                return false;
            }
            if (state.compareAndSet(s, s + 1)) {
                return true;
            }
        }
    }

    private void release() {
        if (state.decrementAndGet() == CLOSED) {
            closeFd(SEND_SCRATCH.get(), fd); // the last call out after close() closes the descriptor
        }
    }

    @Override
    public void close() {
        int before = state.getAndUpdate(s -> s | CLOSED);
        if ((before & CLOSED) != 0) {
            return;
        }
        Scratch s = SEND_SCRATCH.get();
        try {
            int ignored = (int) SHUTDOWN.invokeExact(s.capture, fd, SHUT_RDWR); // wakes a blocked recvmsg
        } catch (Throwable t) {
            // the receive timeout wakes it instead
        }
        if (before == 0) {
            closeFd(s, fd);
        }
    }
}
