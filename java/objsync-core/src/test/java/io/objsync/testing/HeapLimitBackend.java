package io.objsync.testing;

import io.objsync.internal.Limits;
import io.objsync.spi.Backend;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a backend and records the largest heap buffer handed to any of its calls, so tests can check that no
 * call pins more than {@link Limits#MAX_CRITICAL_BYTES} of the heap; also counts outboard calls. A dynamic
 * proxy, so it keeps up with the SPI as it grows.
 */
public final class HeapLimitBackend {

    /** The most remaining bytes of a heap {@code ByteBuffer} argument seen. */
    public final AtomicLong largestHeapInput = new AtomicLong();
    /**
     * The longest {@code byte[]} argument seen (whole arrays: for the operations that take arrays without a
     * range, such as batch verification, the array is the span a native backend pins).
     */
    public final AtomicLong largestArray = new AtomicLong();
    /** Calls of {@code baoOutboard}. */
    public final AtomicInteger outboardCalls = new AtomicInteger();
    /** The wrapping backend to hand to the code under test. */
    public final Backend backend;

    /** Wraps {@code inner}. */
    public HeapLimitBackend(Backend inner) {
        backend = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    if (args != null) {
                        for (Object a : args) {
                            if (a instanceof ByteBuffer && !((ByteBuffer) a).isDirect()) {
                                largestHeapInput.accumulateAndGet(((ByteBuffer) a).remaining(), Math::max);
                            } else if (a instanceof byte[]) {
                                largestArray.accumulateAndGet(((byte[]) a).length, Math::max);
                            }
                        }
                    }
                    if (method.getName().equals("baoOutboard")) {
                        outboardCalls.incrementAndGet();
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
