package io.objsync.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Where the CLI keeps all its state (store, keys, identity): {@code --home DIR}, else {@code $OBJSYNC_HOME},
 * else {@code $XDG_DATA_HOME/objsync}, else {@code ~/.local/share/objsync}.
 */
final class ObjsyncHome {

    private ObjsyncHome() {
    }

    static Path resolve(Path option, Map<String, String> env, String userHome) {
        if (option != null) {
            return option.toAbsolutePath();
        }
        String home = env.get("OBJSYNC_HOME");
        if (home != null && !home.isEmpty()) {
            return Paths.get(home).toAbsolutePath();
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Paths.get(xdg, "objsync").toAbsolutePath();
        }
        return Paths.get(userHome, ".local", "share", "objsync").toAbsolutePath();
    }
}
