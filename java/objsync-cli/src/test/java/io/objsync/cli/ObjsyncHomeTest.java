package io.objsync.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The state directory follows --home, then OBJSYNC_HOME, then XDG_DATA_HOME, then ~/.local/share. */
class ObjsyncHomeTest {

    @Test
    void precedence() {
        Map<String, String> both = Map.of("OBJSYNC_HOME", "/o", "XDG_DATA_HOME", "/x");
        assertEquals(Path.of("/opt/h"), ObjsyncHome.resolve(Path.of("/opt/h"), both, "/home/u"));
        assertEquals(Path.of("/o"), ObjsyncHome.resolve(null, both, "/home/u"));
        assertEquals(Path.of("/x/objsync"), ObjsyncHome.resolve(null, Map.of("XDG_DATA_HOME", "/x"), "/home/u"));
        assertEquals(Path.of("/home/u/.local/share/objsync"), ObjsyncHome.resolve(null, Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.local/share/objsync"),
                ObjsyncHome.resolve(null, Map.of("OBJSYNC_HOME", "", "XDG_DATA_HOME", ""), "/home/u"));
    }
}
