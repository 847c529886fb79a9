package io.objsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

class CloseGuardTest {

    private final AtomicInteger frees = new AtomicInteger();
    private final CloseGuard guard = new CloseGuard("thing", frees::incrementAndGet);

    @Test
    void closeFreesOnceAndRefusesLaterUse() {
        guard.acquire();
        guard.release();
        assertFalse(guard.isClosed());
        guard.close();
        guard.close();
        assertTrue(guard.isClosed());
        assertEquals(1, frees.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, guard::acquire);
        assertEquals("thing is closed", e.getMessage());
    }

    @Test
    void closeDuringACallFreesWhenTheCallEnds() {
        guard.acquire();
        guard.acquire();
        guard.close();
        assertEquals(0, frees.get(), "two calls still in flight");
        guard.release();
        assertEquals(0, frees.get(), "one call still in flight");
        guard.release();
        assertEquals(1, frees.get());
        guard.close();
        assertEquals(1, frees.get());
    }
}
