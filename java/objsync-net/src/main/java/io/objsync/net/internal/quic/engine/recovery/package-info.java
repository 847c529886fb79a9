/**
 * Loss recovery, congestion control and acknowledgement generation of our own QUIC data path (RFC 9002 and
 * RFC 9000 section 13.2): {@link io.objsync.net.internal.quic.engine.recovery.RttEstimator},
 * {@link io.objsync.net.internal.quic.engine.recovery.LossDetector} (one per packet number space),
 * {@link io.objsync.net.internal.quic.engine.recovery.NewReno} behind
 * {@link io.objsync.net.internal.quic.engine.recovery.CongestionController},
 * {@link io.objsync.net.internal.quic.engine.recovery.Pacer} and
 * {@link io.objsync.net.internal.quic.engine.recovery.AckTracker}. Time is always passed in as nanoseconds
 * (never read from a clock here), so every decision is deterministic. Used by one connection thread; nothing here
 * is thread-safe. Not API.
 */
package io.objsync.net.internal.quic.engine.recovery;
