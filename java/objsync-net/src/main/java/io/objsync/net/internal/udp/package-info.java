/**
 * UDP sockets for the QUIC endpoint: {@link io.objsync.net.internal.udp.UdpSockets#open} gives Linux GSO/GRO
 * sockets through the Foreign Function &amp; Memory API on Java 22+ (many datagrams per system call), and
 * {@code java.net} sockets everywhere else.
 */
package io.objsync.net.internal.udp;
