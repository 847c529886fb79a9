package io.objsync.bindings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads /proc/self/mountinfo to tell whether a directory lives on a noexec mount (Linux only). */
final class MountInfo {

    private MountInfo() {
    }

    /** True when the longest mount point containing {@code dir} has the {@code noexec} option. */
    static boolean isNoExec(Path dir) {
        try {
            Path real = dir.toRealPath();
            return isNoExec(real, Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** As above, over given mountinfo lines (format: id parent major:minor root mountpoint options ...). */
    static boolean isNoExec(Path dir, List<String> mountinfo) {
        String best = null;
        boolean noexec = false;
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            if (f.length < 6) {
                continue;
            }
            String mountPoint = f[4].replace("\\040", " ");
            if (dir.startsWith(mountPoint) && (best == null || mountPoint.length() > best.length())) {
                best = mountPoint;
                noexec = List.of(f[5].split(",")).contains("noexec");
            }
        }
        return noexec;
    }
}
