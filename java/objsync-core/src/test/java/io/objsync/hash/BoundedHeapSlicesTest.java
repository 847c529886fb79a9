package io.objsync.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.objsync.internal.Limits;
import io.objsync.spi.Backend;
import io.objsync.spi.Blake3State;
import io.objsync.testing.BackendsUnderTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * No backend call gets more than {@link Limits#MAX_CRITICAL_BYTES} of a heap array (input or output), however
 * large the input: a recording wrapper around each backend measures every call.
 */
class BoundedHeapSlicesTest {

    private static final Blake3Engine REFERENCE = Blake3Engine.of(BackendsUnderTest.java());

    /** Largest heap range seen in one call: a {@code (byte[], int off, int len)} triple or a heap buffer. */
    private final AtomicLong largest = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    @SuppressWarnings("unchecked")
    private <T> T recording(Class<T> type, T target) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            record(method, args);
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return result instanceof Blake3State ? recording(Blake3State.class, (Blake3State) result) : result;
        });
    }

    private void record(Method method, Object[] args) {
        calls.incrementAndGet();
        if (args == null) {
            return;
        }
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            long heap = 0;
            if (args[i] instanceof ByteBuffer && !((ByteBuffer) args[i]).isDirect()) {
                heap = ((ByteBuffer) args[i]).remaining();
            } else if (types[i] == byte[].class && i + 2 < types.length && types[i + 1] == int.class
                    && types[i + 2] == int.class) {
                heap = (Integer) args[i + 2];
            }
            largest.accumulateAndGet(heap, Math::max);
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void largeHeapInputsAndOutputsGoInSlices(Backend backend) {
        Blake3Engine engine = Blake3Engine.of(recording(Backend.class, backend));
        int size = 3 * Limits.MAX_CRITICAL_BYTES + 5;
        byte[] data = new byte[size];
        new Random(1).nextBytes(data);
        Hash expected = REFERENCE.hash(data);
        byte[] key = new byte[32];

        assertEquals(expected, engine.hash(data));
        assertEquals(expected, engine.hash(ByteBuffer.wrap(data)));
        assertEquals(expected, engine.hash(ByteBuffer.wrap(data).asReadOnlyBuffer()));
        assertEquals(REFERENCE.keyedHash(key, data), engine.keyedHash(key, data));
        assertEquals(expected, engine.parallel(2).hash(data));
        assertEquals(expected, engine.parallel(3).hash(ByteBuffer.wrap(data)));
        try (Blake3Hasher h = engine.newHasher()) {
            h.update(data).update(ByteBuffer.wrap(data).asReadOnlyBuffer());
            byte[] out = new byte[size];
            h.finalizeXof(12345, out, 0, size);
        }
        engine.xof(new byte[10], size);
        assertTrue(calls.get() > 20, "the wrapper saw the calls");
        assertTrue(largest.get() > 0 && largest.get() <= Limits.MAX_CRITICAL_BYTES,
                "largest heap range in one call: " + largest.get());
    }
}
