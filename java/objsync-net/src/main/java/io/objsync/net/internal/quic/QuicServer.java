package io.objsync.net.internal.quic;

import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
import io.objsync.net.TransportLimits;
import io.objsync.net.internal.ListenAddresses;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.server.ApplicationProtocolConnection;
import tech.kwik.core.server.ApplicationProtocolConnectionFactory;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;
import tech.kwik.core.server.impl.ServerConnectionImpl;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The accepting half of the QUIC endpoint: kwik's server connector on the endpoint's UDP socket (its
 * {@link UdpMux#serverSocket() view}: every datagram no dial of ours owns), with iroh's TLS profile,
 * one registration per protocol served (an unserved ALPN ends the handshake with no_application_protocol), and
 * every bidirectional stream a proven peer opens handed to an {@link Acceptor}. Datagrams that are not QUIC for
 * a connection we hold (disco pings, garbage) are dropped by kwik's packet checks.
 */
public final class QuicServer implements AutoCloseable {

    /** Receives the streams peers open; called on kwik's threads, so it must not block. */
    @FunctionalInterface
    public interface Acceptor {
        /**
         * @param from the UDP address the peer's connection came from: with one socket per endpoint, where it
         *             listens (null if kwik does not say)
         */
        void accept(NodeId peer, InetSocketAddress from, String alpn, QuicStream stream);
    }

    /** Concurrent streams a peer may open per connection at the QUIC level (iroh's value); ours are enforced
     * above it, by resetting, so a client over our per-peer limit gets an error instead of a blocked open. */
    private static final int QUIC_STREAMS = 100;

    private final UdpMux mux;
    private final ServerConnector connector;

    public QuicServer(NodeKey key, UdpMux mux, Collection<String> protocols, TransportLimits limits,
                      Acceptor acceptor) throws IOException {
        RpkServerEngineFactory engines;
        try {
            engines = new RpkServerEngineFactory(key);
        } catch (CertificateException e) {
            throw new IOException("cannot set up the TLS engine factory", e);
        }
        this.mux = mux;
        DatagramSocket socket = mux.serverSocket();
        try {
            ServerConnectionConfig config = ServerConnectionConfig.builder()
                    .maxIdleTimeoutInSeconds(30)
                    .maxConnectionBufferSize(10 * QuicDialer.STREAM_WINDOW)
                    .maxBidirectionalStreamBufferSize(QuicDialer.STREAM_WINDOW)
                    .maxUnidirectionalStreamBufferSize(64 * 1024)
                    .maxOpenPeerInitiatedBidirectionalStreams(QUIC_STREAMS)
                    .maxOpenPeerInitiatedUnidirectionalStreams(QUIC_STREAMS)
                    .connectionIdLength(UdpMux.CID_LENGTH)
                    .build();
            connector = KwikAccess.newServerConnector(socket, engines, config, io.objsync.net.internal.quic.DebugLog.logger());
            for (String alpn : protocols) {
                connector.registerApplicationProtocol(alpn, new PerProtocol(alpn, engines, acceptor));
            }
            connector.start();
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Where peers reach us. */
    public List<InetSocketAddress> advertised() {
        return ListenAddresses.of(mux.localAddress(), mux.localPort());
    }

    /** Closes every connection (peers see CONNECTION_CLOSE) and the server's view of the socket. */
    @Override
    public void close() {
        KwikAccess.close(connector, Duration.ofMillis(200));
    }

    private static final class PerProtocol implements ApplicationProtocolConnectionFactory {
        private final String alpn;
        private final RpkServerEngineFactory engines;
        private final Acceptor acceptor;

        PerProtocol(String alpn, RpkServerEngineFactory engines, Acceptor acceptor) {
            this.alpn = alpn;
            this.engines = engines;
            this.acceptor = acceptor;
        }

        @Override
        public ApplicationProtocolConnection createConnection(String protocol, QuicConnection connection) {
            NodeId peer = engines.clientOf(connection);
            if (peer == null) { // cannot happen: the handshake completes only after the client proved its key
                connection.close();
                return null;
            }
            InetSocketAddress from = connection instanceof ServerConnectionImpl
                    ? ((ServerConnectionImpl) connection).getInitialRemoteAddress() : null;
            LoopbackDatagrams.apply(connection, from, engines.clientMaxUdpPayloadOf(connection));
            return new ApplicationProtocolConnection() {
                @Override
                public void acceptPeerInitiatedStream(QuicStream stream) {
                    if (stream.isBidirectional()) {
                        acceptor.accept(peer, from, alpn, stream);
                    } else {
                        stream.abortReading(0); // no protocol of ours uses unidirectional streams
                    }
                }
            };
        }

        @Override
        public int maxConcurrentPeerInitiatedUnidirectionalStreams() {
            return QUIC_STREAMS;
        }

        @Override
        public int maxConcurrentPeerInitiatedBidirectionalStreams() {
            return QUIC_STREAMS;
        }
    }
}
