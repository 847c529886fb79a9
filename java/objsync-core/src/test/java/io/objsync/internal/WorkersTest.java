package io.objsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

class WorkersTest {

    @Test
    void runsEveryTaskOnce() {
        for (int threads = 1; threads <= 5; threads++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(37);
            Workers.run(37, threads, runs::incrementAndGet);
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "task " + i + " with " + threads + " threads");
            }
        }
    }

    @Test
    void rethrowsAFailureAfterEveryStartedTaskEnded() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Workers.run(50, 3, i -> {
            if (i == 7) {
                throw boom;
            }
        }));
        assertSame(boom, thrown);
    }

    @Test
    void keepsTheCallersInterruptFlag() {
        Thread.currentThread().interrupt();
        try {
            AtomicIntegerArray runs = new AtomicIntegerArray(8);
            Workers.run(8, 2, runs::incrementAndGet);
            assertEquals(8, java.util.stream.IntStream.range(0, 8).map(runs::get).sum());
            assertEquals(true, Thread.interrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
