package io.objsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;

/**
 * Loads the official test vectors from {@code shared/testdata} (system property {@code objsync.testdata}).
 * When a file is absent the calling test is skipped with the reason, except under {@code CI=true}, where
 * absence fails the run: CI must never go green without the vectors.
 */
public final class TestVectors {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestVectors() {
    }

    /** The directory holding the vectors. */
    public static Path dir() {
        String prop = System.getProperty("objsync.testdata");
        return prop != null ? Paths.get(prop) : Paths.get("..", "shared", "testdata");
    }

    /** Parses {@code name} from the vector directory, or skips (fails under CI) when it is missing. */
    public static JsonNode load(String name) {
        Path file = dir().resolve(name);
        if (!Files.isRegularFile(file)) {
            String reason = "official test vector file " + file.toAbsolutePath()
                    + " is absent (set -Dobjsync.testdata to its directory)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason + "; CI=true requires it");
            }
            Assumptions.abort(reason);
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hex string to bytes. */
    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** Bytes to lowercase hex. */
    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
