package io.objsync.bao;

import io.objsync.spi.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutboardStreamTest {

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void equalsTheOneShotOutboardForAnySplit(Backend backend) {
        Random rnd = new Random(11);
        for (int size : OutboardTest.SIZES) {
            byte[] data = OutboardTest.random(size, size);
            Outboard expected = Outboard.builder().backend(backend).compute(data);
            // Small pieces put many piece boundaries and parents above pieces into every size.
            for (int pieceBytes : new int[] {16384, 65536, 0}) {
                Outboard.Builder b = Outboard.builder().backend(backend);
                if (pieceBytes > 0) {
                    b.pieceBytes(pieceBytes);
                }
                OutboardStream s = b.stream();
                int at = 0;
                while (at < size) {
                    int n = Math.min(size - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 100 : 70_000));
                    if (rnd.nextBoolean()) {
                        s.update(data, at, n);
                    } else {
                        ByteBuffer direct = ByteBuffer.allocateDirect(n).put(data, at, n).flip();
                        s.update(direct);
                        assertEquals(0, direct.remaining());
                    }
                    at += n;
                }
                assertEquals(size, s.size());
                assertEquals(expected, s.finish(), "size " + size + " piece " + pieceBytes);
                assertThrows(IllegalStateException.class, s::finish);
            }
        }
    }
}
