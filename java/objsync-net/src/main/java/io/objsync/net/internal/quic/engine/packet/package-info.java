/**
 * QUIC packet protection and packet numbers (RFC 9001 sections 5 and 6, RFC 9000 section 17 and appendix A):
 * the key schedule from a TLS traffic secret, AEAD payload protection and header protection applied in place on
 * {@code byte[]}, packet number truncation and recovery, and 1-RTT key updates. Everything here serves one
 * connection thread and is not thread-safe.
 */
package io.objsync.net.internal.quic.engine.packet;
