package io.objsync.net.internal.quic.engine;

import java.util.Arrays;

/**
 * What one sent packet carried that must be repeated if it is lost or released once it is acknowledged: its
 * STREAM ranges, the ACK in it (for acknowledgements of acknowledgements), and its control frames. The loss
 * detector keeps it as the packet's token. Control frames are not copied by value: a lost MAX_DATA or
 * MAX_STREAM_DATA is repeated with the current limit, which is at least the lost one.
 */
final class SentFrames {

    EngineStream[] streams = new EngineStream[2];
    long[] offsets = new long[2];
    int[] lengths = new int[2];
    boolean[] fins = new boolean[2];
    int streamCount;

    /** The largest packet number the ACK frame in this packet acknowledged, or -1 when it had none. */
    long largestAcked = -1;
    boolean maxData;
    boolean handshakeDone;
    boolean maxStreamsBidi;
    boolean dataBlocked;
    /** The datagram size this packet probed the path for (a PMTU probe: PING and PADDING), or 0. */
    int mtuProbe;
    /** Streams whose MAX_STREAM_DATA, RESET_STREAM or STOP_SENDING this packet carried. */
    EngineStream[] control = new EngineStream[0];
    byte[] controlKinds = new byte[0];
    int controlCount;

    static final byte MAX_STREAM_DATA = 1;
    static final byte RESET_STREAM = 2;
    static final byte STOP_SENDING = 3;

    void addStream(EngineStream s, long offset, int length, boolean fin) {
        if (streamCount == streams.length) {
            int n = streamCount * 2;
            streams = Arrays.copyOf(streams, n);
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
            fins = Arrays.copyOf(fins, n);
        }
        streams[streamCount] = s;
        offsets[streamCount] = offset;
        lengths[streamCount] = length;
        fins[streamCount] = fin;
        streamCount++;
    }

    void addControl(EngineStream s, byte kind) {
        if (controlCount == control.length) {
            int n = Math.max(4, controlCount * 2);
            control = Arrays.copyOf(control, n);
            controlKinds = Arrays.copyOf(controlKinds, n);
        }
        control[controlCount] = s;
        controlKinds[controlCount] = kind;
        controlCount++;
    }

    /** Whether anything besides an ACK was in the packet (so it was ack-eliciting). */
    boolean hasRetransmittable() {
        return streamCount > 0 || controlCount > 0 || maxData || handshakeDone || maxStreamsBidi || dataBlocked;
    }
}
