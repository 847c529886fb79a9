/**
 * Nodes on the network: {@link io.objsync.net.NodeId} and {@link io.objsync.net.NodeKey} (Ed25519 identity),
 * {@link io.objsync.net.NodeAddr}, and the transport SPI ({@link io.objsync.net.Endpoint},
 * {@link io.objsync.net.PeerStream}) with an in-memory and a TLS 1.3 implementation.
 */
package io.objsync.net;
