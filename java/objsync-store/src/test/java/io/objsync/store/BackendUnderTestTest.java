package io.objsync.store;

import io.objsync.Backends;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The store tests run on the native backend (objsync-native is a test dependency), and again on pure Java. */
class BackendUnderTestTest {

    @Test
    void theIntendedBackendHashes() {
        String forced = System.getProperty("objsync.backend");
        if (forced != null) {
            assertEquals(forced, Backends.active());
        } else {
            assertNotEquals("java", Backends.active(), "the native library should be on the test class path: "
                    + Backends.describe());
        }
    }
}
