/**
 * QUIC frames (RFC 9000 sections 12.4, 16 and 19; RFC 9221 DATAGRAM for parsing): the variable-length integer
 * codec, a zero-copy parser that hands each frame of a decrypted packet payload to a {@link
 * io.objsync.net.internal.quic.engine.frame.FrameVisitor}, and a writer of the frames the connection sends, with
 * the sizing helpers a packetizer needs to fill a packet exactly. Everything here works on {@code byte[]} plus
 * offsets, allocates nothing per frame, and belongs to one connection thread. Not API.
 */
package io.objsync.net.internal.quic.engine.frame;
