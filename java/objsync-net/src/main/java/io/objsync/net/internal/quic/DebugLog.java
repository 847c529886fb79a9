package io.objsync.net.internal.quic;

import tech.kwik.core.log.Logger;
import tech.kwik.core.log.NullLogger;
import tech.kwik.core.log.SysOutLogger;

/**
 * kwik's log for our connections: silent unless {@code -Dobjsync.quic.debug=true} (warnings and connection
 * events; {@code objsync.quic.debug.all} adds kwik's debug lines, {@code objsync.quic.debug.fc} flow control and
 * streams, {@code objsync.quic.debug.packets} every packet sent and received with its frames, and loss recovery).
 * For diagnosing interop and stalls; never on by default.
 */
final class DebugLog {

    private DebugLog() {
    }

    static Logger logger() {
        if (!Boolean.getBoolean("objsync.quic.debug")) {
            return new NullLogger();
        }
        SysOutLogger l = new SysOutLogger();
        l.logWarning(true);
        l.logInfo(true);
        l.logDebug(Boolean.getBoolean("objsync.quic.debug.all"));
        l.logPackets(Boolean.getBoolean("objsync.quic.debug.packets"));
        l.logRecovery(Boolean.getBoolean("objsync.quic.debug.packets"));
        l.logFlowControl(Boolean.getBoolean("objsync.quic.debug.fc"));
        l.logStream(Boolean.getBoolean("objsync.quic.debug.fc"));
        return l;
    }
}
