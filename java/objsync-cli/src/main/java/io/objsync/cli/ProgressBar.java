package io.objsync.cli;

import io.objsync.store.ImportProgress;

import java.io.PrintWriter;

/**
 * A one-line progress bar on standard error, redrawn at most ten times a second; silent unless enabled (a
 * terminal, or {@code --progress}), so scripts reading standard output never see it.
 */
final class ProgressBar implements ImportProgress {

    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean enabled, String label) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
    }

    /** On when asked, or when both standard error and input are a terminal. */
    static boolean wanted(boolean option) {
        return option || System.console() != null;
    }

    @Override
    public void onProgress(long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < 100_000_000L && done != total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        StringBuilder line = new StringBuilder("\r").append(label).append(' ');
        if (total > 0) {
            int width = 30;
            int filled = (int) (width * Math.min(1.0, (double) done / total));
            line.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ")
                    .append(100 * done / total).append("% ");
        }
        line.append(human(done));
        if (total > 0) {
            line.append(" / ").append(human(total));
        }
        err.print(line);
        err.flush();
    }

    /** Ends the bar's line, if one was drawn. */
    void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
