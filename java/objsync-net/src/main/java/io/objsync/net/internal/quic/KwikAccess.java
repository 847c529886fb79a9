package io.objsync.net.internal.quic;

import tech.kwik.agent15.engine.ClientMessageSender;
import tech.kwik.agent15.engine.TlsMessageParser;
import tech.kwik.agent15.engine.impl.TlsClientEngineImpl;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.common.EncryptionLevel;
import tech.kwik.core.crypto.CryptoStream;
import tech.kwik.core.impl.QuicClientConnectionImpl;
import tech.kwik.core.impl.QuicConnectionImpl;
import tech.kwik.core.log.Logger;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;
import tech.kwik.core.server.impl.ServerConnectorImpl;
import tech.kwik.agent15.engine.TlsServerEngineFactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Every place we reach into kwik 0.10.8 past its public API, in one class. kwik hard-wires agent15's X.509
 * engines: the client builds its engine with a static factory, the server connector builds its engine factory
 * from a key store, and each crypto stream builds its own message parser, which rejects raw-key certificates
 * before any engine sees them. So we (1) swap a client connection's engine for ours before it connects,
 * (2) construct the server connector with our engine factory, and (3) swap the handshake-level parser for one
 * that reads raw keys. (The server's CertificateRequest, for which kwik's sender has no method, travels inside
 * its {@link HandshakeFlight}.) Nothing of kwik or agent15 is modified or copied; the jars stay replaceable. The
 * reflective lookups run once, at class initialisation, so a kwik without these members fails at first use
 * with a clear error (pinned to 0.10.8 in the pom; {@code QuicEndpointTest} and {@code EngineHandshakeTest}
 * cover each path).
 */
final class KwikAccess {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(KwikAccess.class.getName());

    private static final Field CLIENT_ENGINE;
    private static final Field CLIENT_SENDER;
    private static final Field STREAM_PARSER;
    private static final Field STREAM_ENGINE;
    private static final Method CRYPTO_STREAM;
    private static final Constructor<ServerConnectorImpl> CONNECTOR;
    private static final Method CONNECTOR_CLOSE;

    static {
        try {
            CLIENT_ENGINE = open(QuicClientConnectionImpl.class.getDeclaredField("tlsEngine"));
            CLIENT_SENDER = open(TlsClientEngineImpl.class.getDeclaredField("sender"));
            STREAM_PARSER = open(CryptoStream.class.getDeclaredField("tlsMessageParser"));
            STREAM_ENGINE = open(CryptoStream.class.getDeclaredField("tlsEngine"));
            CRYPTO_STREAM = QuicConnectionImpl.class.getDeclaredMethod("getCryptoStream", EncryptionLevel.class);
            CRYPTO_STREAM.setAccessible(true);
            CONNECTOR = ServerConnectorImpl.class.getDeclaredConstructor(DatagramSocket.class,
                    TlsServerEngineFactory.class, List.class, ServerConnectionConfig.class, Logger.class);
            CONNECTOR.setAccessible(true);
            CONNECTOR_CLOSE = ServerConnectorImpl.class.getDeclaredMethod("close", Duration.class);
            CONNECTOR_CLOSE.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("kwik 0.10.8 is required for the QUIC transport: " + e);
        }
    }

    private KwikAccess() {
    }

    private static Field open(Field f) {
        f.setAccessible(true);
        return f;
    }

    /**
     * Replaces the TLS engine of a client connection that has not started, with the engine {@code make} builds
     * around kwik's own message sender, and makes its handshake level read raw keys.
     */
    static <E extends tech.kwik.agent15.engine.TlsClientEngine> E installClientEngine(
            QuicClientConnection connection, Function<ClientMessageSender, E> make) {
        try {
            Object original = CLIENT_ENGINE.get(connection);
            E engine = make.apply((ClientMessageSender) CLIENT_SENDER.get(original));
            CLIENT_ENGINE.set(connection, engine);
            for (EncryptionLevel level : new EncryptionLevel[] {EncryptionLevel.Initial, EncryptionLevel.Handshake,
                    EncryptionLevel.App}) {
                if (STREAM_ENGINE.get(cryptoStream(connection, level)) != engine) {
                    throw new IllegalStateException("kwik created a crypto stream before the engine was replaced");
                }
            }
            readRawKeys(connection);
            return engine;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hooks a server engine needs on the kwik connection that created it ({@code statusHandler}). */
    static RpkServerEngine.Connection serverHooks(Object statusHandler) {
        QuicConnectionImpl connection = (QuicConnectionImpl) statusHandler;
        return new RpkServerEngine.Connection() {
            @Override
            public void prepareHandshakeLevel() {
                readRawKeys(connection);
            }
        };
    }

    /** A server connector on {@code socket} whose connections get their TLS engines from {@code factory}. */
    static ServerConnector newServerConnector(DatagramSocket socket, TlsServerEngineFactory factory,
                                              ServerConnectionConfig config, Logger log) {
        try {
            return CONNECTOR.newInstance(socket, factory, List.of(QuicConnection.QuicVersion.V1), config, log);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("kwik server connector: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes a connector, waiting at most {@code wait} for its connections (kwik's own close waits 30 s). */
    static void close(ServerConnector connector, Duration wait) {
        try {
            CONNECTOR_CLOSE.invoke(connector, wait);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("closing the kwik server connector: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void readRawKeys(Object connection) {
        CryptoStream handshake = cryptoStream(connection, EncryptionLevel.Handshake);
        try {
            Object parser = STREAM_PARSER.get(handshake);
            if (!(parser instanceof RpkMessageParser)) {
                STREAM_PARSER.set(handshake, new RpkMessageParser((TlsMessageParser) parser));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CryptoStream cryptoStream(Object connection, EncryptionLevel level) {
        try {
            return (CryptoStream) CRYPTO_STREAM.invoke(connection, level);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- one UDP socket per endpoint (UdpMux): which connection ids a client connection owns ----

    /**
     * Whether {@code cid} is one of the connection ids {@code connection} issued and has not retired (kwik's
     * public {@code getSourceConnectionIds} on the implementation class; the interface does not offer it).
     */
    static boolean ownsConnectionId(QuicClientConnection connection, byte[] cid) {
        for (int attempt = 0; ; attempt++) {
            try {
                for (tech.kwik.core.cid.ConnectionIdInfo info
                        : ((QuicClientConnectionImpl) connection).getSourceConnectionIds().values()) {
                    if (info.getConnectionIdStatus().active() && java.util.Arrays.equals(info.getConnectionId(), cid)) {
                        return true;
                    }
                }
                return false;
            } catch (java.util.ConcurrentModificationException e) { // kwik added an id while we looked
                if (attempt == 2) {
                    return false;
                }
            }
        }
    }

    // ---- send-path hooks (kwik's stream sender, see StreamSender) ----------------------------------------------

    private static final Field STREAM_CONNECTION;
    private static final Method CONNECTION_SENDER;
    private static final Field OUTPUT_SEND_BUFFER;
    private static final Field OUTPUT_RETRANSMIT_BUFFER;
    private static final Field SENDER_MAX_PACKET;

    static {
        try {
            STREAM_CONNECTION = open(tech.kwik.core.stream.QuicStreamImpl.class.getDeclaredField("connection"));
            CONNECTION_SENDER = QuicConnectionImpl.class.getDeclaredMethod("getSender");
            CONNECTION_SENDER.setAccessible(true);
            Class<?> output = Class.forName("tech.kwik.core.stream.StreamOutputStreamImpl");
            OUTPUT_SEND_BUFFER = open(output.getDeclaredField("sendBuffer"));
            OUTPUT_RETRANSMIT_BUFFER = open(output.getDeclaredField("retransmitBuffer"));
            SENDER_MAX_PACKET = open(tech.kwik.core.send.SenderImpl.class.getDeclaredField("maxPacketSize"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("kwik 0.10.8 is required for the QUIC transport: " + e);
        }
    }

    /**
     * The sender of the connection {@code stream} belongs to ({@code flush()} wakes its thread), or null when
     * the stream is not kwik 0.10.8's.
     */
    static tech.kwik.core.send.Sender sender(tech.kwik.core.QuicStream stream) {
        if (!STREAM_CONNECTION.getDeclaringClass().isInstance(stream)) {
            return null;
        }
        try {
            return (tech.kwik.core.send.Sender) CONNECTION_SENDER.invoke(STREAM_CONNECTION.get(stream));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Queues {@code task} to run on the sender thread of {@code stream}'s connection, as a send request that adds
     * no frame, and wakes that thread; false (nothing queued) when the stream is not kwik 0.10.8's. What the task
     * throws is dropped: an exception on kwik's sender thread ends the thread and the connection with it.
     */
    static boolean runOnSender(tech.kwik.core.QuicStream stream, Runnable task) {
        if (!STREAM_CONNECTION.getDeclaringClass().isInstance(stream)) {
            return false;
        }
        try {
            QuicConnectionImpl connection = (QuicConnectionImpl) STREAM_CONNECTION.get(stream);
            connection.send(room -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(java.util.logging.Level.FINE, "a task on kwik's sender thread failed", e);
                }
                return null;
            }, 1, EncryptionLevel.App, lost -> { }, true);
            return true;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the output of {@code stream} holds bytes (or a FIN, or lost frames) not yet handed to the sender;
     * null when its output is not kwik 0.10.8's stream output.
     */
    static java.util.function.BooleanSupplier pendingOutput(tech.kwik.core.QuicStream stream) {
        Object out = stream.getOutputStream();
        if (!OUTPUT_SEND_BUFFER.getDeclaringClass().isInstance(out)) {
            return null;
        }
        try {
            tech.kwik.core.stream.SendBuffer buffer = (tech.kwik.core.stream.SendBuffer) OUTPUT_SEND_BUFFER.get(out);
            tech.kwik.core.stream.RetransmitBuffer lost =
                    (tech.kwik.core.stream.RetransmitBuffer) OUTPUT_RETRANSMIT_BUFFER.get(out);
            return () -> buffer.hasData() || lost.hasDataToRetransmit();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Lets {@code connection} send datagrams of up to {@code bytes} (kwik sends at most 1252, the size every IPv4
     * path carries; its packet buffers and receiver take up to 1500). Never lowers the size.
     */
    static void raiseMaxDatagram(Object connection, int bytes) {
        try {
            Object sender = CONNECTION_SENDER.invoke(connection);
            synchronized (sender) {
                if (SENDER_MAX_PACKET.getInt(sender) < bytes) {
                    SENDER_MAX_PACKET.setInt(sender, bytes);
                }
            }
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The largest datagram the connection of {@code stream} sends now. */
    static int maxDatagram(tech.kwik.core.QuicStream stream) {
        try {
            return SENDER_MAX_PACKET.getInt(CONNECTION_SENDER.invoke(STREAM_CONNECTION.get(stream)));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- receive-path hooks (kwik's stream input, see StrandedReader) ------------------------------------------

    private static final Class<?> INPUT;
    private static final Field INPUT_CLOSED;
    private static final Field INPUT_RESET;
    private static final Field INPUT_ABORTED;
    private static final Field INPUT_READER;
    private static final Field INPUT_MONITOR;

    static {
        try {
            INPUT = Class.forName("tech.kwik.core.stream.StreamInputStreamImpl");
            INPUT_CLOSED = open(INPUT.getDeclaredField("closed"));
            INPUT_RESET = open(INPUT.getDeclaredField("reset"));
            INPUT_ABORTED = open(INPUT.getDeclaredField("aborted"));
            INPUT_READER = open(INPUT.getDeclaredField("blockingReaderThread"));
            INPUT_MONITOR = open(INPUT.getDeclaredField("addMonitor"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("kwik 0.10.8 is required for the QUIC transport: " + e);
        }
    }

    /** The input of {@code stream} if it is kwik 0.10.8's stream input, else null. */
    static Object input(tech.kwik.core.QuicStream stream) {
        Object in = stream.getInputStream();
        return INPUT.isInstance(in) ? in : null;
    }

    /** Whether an {@link #input} has ended without a clean end of stream: reset by the peer, aborted, closed. */
    static boolean inputEnded(Object input) {
        try {
            return INPUT_RESET.getBoolean(input) || INPUT_ABORTED.getBoolean(input) || INPUT_CLOSED.getBoolean(input);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a reader has registered itself inside a read of an {@link #input} (it may be waiting). */
    static boolean readerInside(Object input) {
        try {
            return INPUT_READER.get(input) != null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The monitor an {@link #input}'s reader waits on and its receiver thread notifies when data arrives. */
    static Object inputMonitor(Object input) {
        try {
            return INPUT_MONITOR.get(input);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
