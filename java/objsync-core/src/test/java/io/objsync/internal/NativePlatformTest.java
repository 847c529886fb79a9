package io.objsync.internal;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativePlatformTest {

    @Test
    void theJdksSpellingsOfOnePlatformMapToOneClassifier() {
        assertEquals("linux-x86_64", NativePlatform.classifier("Linux", "amd64"));
        assertEquals("linux-x86_64", NativePlatform.classifier("Linux", "x86_64"));
        assertEquals("linux-aarch64", NativePlatform.classifier("Linux", "aarch64"));
        assertEquals("linux-aarch64", NativePlatform.classifier("Linux", "arm64"));
        assertEquals("windows-x86_64", NativePlatform.classifier("Windows 11", "amd64"));
        assertEquals("windows-x86_64", NativePlatform.classifier("Windows Server 2022", "amd64"));
        assertEquals("windows-aarch64", NativePlatform.classifier("Windows 11", "aarch64"));
        assertEquals("macos-aarch64", NativePlatform.classifier("Mac OS X", "aarch64"));
        assertEquals("macos-x86_64", NativePlatform.classifier("Mac OS X", "x86_64"));
        assertEquals("windows-x86", NativePlatform.classifier("Windows 10", "x86"));
        assertEquals("linux-riscv64", NativePlatform.classifier("Linux", "riscv64"));
        assertEquals("freebsd-x86_64", NativePlatform.classifier("FreeBSD", "amd64"));
    }

    @Test
    void everyBuiltClassifierIsWhatItsJdkReports() {
        assertEquals(NativePlatform.BUILT, java.util.List.of(
                NativePlatform.classifier("Linux", "amd64"),
                NativePlatform.classifier("Linux", "aarch64"),
                NativePlatform.classifier("Windows 10", "amd64")));
    }

    @Test
    void anUnbuiltPlatformIsNamedWithTheBuiltOnes() {
        String why = NativePlatform.whyNoLibrary("linux-riscv64", false, Set.of("linux-x86_64")::contains);
        assertEquals("no objsync native library for linux-riscv64: objsync-native is built for linux-x86_64, "
                + "linux-aarch64, windows-x86_64 (on the class path: linux-x86_64)", why);
    }

    @Test
    void aMissingJarNamesTheClassifierToAdd() {
        String why = NativePlatform.whyNoLibrary("linux-aarch64", false,
                Set.of("linux-x86_64", "windows-x86_64")::contains);
        assertEquals("no objsync native library for linux-aarch64 on the class path: add objsync-native with "
                + "classifier linux-aarch64 (on the class path: linux-x86_64, windows-x86_64)", why);
        assertTrue(NativePlatform.whyNoLibrary("windows-x86_64", false, c -> false).endsWith("(on the class path: none)"));
    }

    @Test
    void muslIsToldApartFromAMissingJar() {
        String why = NativePlatform.whyNoLibrary("linux-x86_64", true, Set.of("linux-x86_64")::contains);
        assertEquals("no objsync native library for linux-x86_64 with musl libc: the linux-x86_64 library is built "
                + "for glibc (on the class path: linux-x86_64)", why);
    }

    @Test
    void muslIsSeenInTheProcessMaps() {
        assertTrue(NativePlatform.mapsShowMusl(
                "7f1c2a000000-7f1c2a014000 r--p 00000000 08:01 1234 /lib/ld-musl-x86_64.so.1\n"));
        assertFalse(NativePlatform.mapsShowMusl(
                "7f1c2a000000-7f1c2a028000 r--p 00000000 08:01 1234 /usr/lib/x86_64-linux-gnu/libc.so.6\n"));
    }
}
