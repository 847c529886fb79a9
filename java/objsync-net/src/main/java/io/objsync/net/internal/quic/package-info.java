/**
 * The QUIC transport's internals: iroh's TLS profile (RFC 7250 raw Ed25519 public keys both ways, Ed25519
 * CertificateVerify, mandatory client authentication, the node-id server name) as TLS 1.3 engines built on
 * agent15's message and key-schedule classes, and the few places where they are plugged into kwik. Not API.
 */
package io.objsync.net.internal.quic;
