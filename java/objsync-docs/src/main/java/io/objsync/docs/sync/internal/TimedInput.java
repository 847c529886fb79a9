package io.objsync.docs.sync.internal;

import io.objsync.docs.sync.SyncProtocolException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A session's input, which refuses reads once the session's time is up. A blocked read waits at most the
 * transport's idle timeout, so a peer that trickles bytes (one every idle period, even inside one frame) cannot
 * keep a session past its time limit plus that timeout.
 */
public final class TimedInput extends FilterInputStream {
    private final long started = System.nanoTime();
    private final Duration limit;

    /** Reads {@code in} for at most {@code limit} from now. */
    public TimedInput(InputStream in, Duration limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        check();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        return super.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        check();
        return super.skip(n);
    }

    private void check() {
        long ran = System.nanoTime() - started;
        if (ran > limit.toNanos()) {
            throw new SyncProtocolException(SyncProtocolException.Reason.SESSION_TOO_LONG,
                    "session ran " + ran / 1_000_000 + " ms, the limit is " + limit.toMillis() + " ms");
        }
    }
}
