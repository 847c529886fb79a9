package io.objsync.bindings;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The noexec diagnosis picks the longest mount point containing the directory. */
class MountInfoTest {

    private static final List<String> MOUNTS = List.of(
            "22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw",
            "23 22 0:22 / /tmp rw,nosuid,nodev,noexec,relatime shared:2 - tmpfs tmpfs rw",
            "24 23 0:23 / /tmp/exec rw,relatime shared:3 - tmpfs tmpfs rw");

    @Test
    void noexecMountIsRecognised() {
        assertTrue(MountInfo.isNoExec(Path.of("/tmp/x"), MOUNTS));
        assertTrue(MountInfo.isNoExec(Path.of("/tmp"), MOUNTS));
    }

    @Test
    void nestedExecMountAndRootAreNotNoexec() {
        assertFalse(MountInfo.isNoExec(Path.of("/tmp/exec/lib"), MOUNTS));
        assertFalse(MountInfo.isNoExec(Path.of("/home/u"), MOUNTS));
    }
}
