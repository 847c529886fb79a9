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
            for (int pieceBytes : new int[] {32768, 65536, 0}) {
                Outboard.Builder b = Outboard.builder().backend(backend);
                if (pieceBytes > 0) {
                    b.pieceBytes(pieceBytes);
                }
                OutboardStream s = b.stream();
                int piece = pieceBytes == 0 ? 4 << 20 : pieceBytes;
                int at = 0;
                while (at < size) {
                    // small pieces, large ones, and whole aligned pieces (hashed in place)
                    int n = Math.min(size - at, switch (rnd.nextInt(3)) {
                        case 0 -> 1 + rnd.nextInt(100);
                        case 1 -> 1 + rnd.nextInt(70_000);
                        default -> piece - at % piece; // to the next boundary: then whole pieces
                    });
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

    /** A blob that is exactly one piece is hashed before it is known to be whole: its root comes from its top pair. */
    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void aBlobOfExactlyOnePieceGetsItsRootHash(Backend backend) {
        for (int pieceBytes : new int[] {32768, 65536, 4 << 20}) {
            byte[] data = OutboardTest.random(pieceBytes, pieceBytes);
            OutboardStream s = Outboard.builder().backend(backend).pieceBytes(pieceBytes).stream();
            s.update(ByteBuffer.allocateDirect(pieceBytes).put(data).flip());
            assertEquals(Outboard.builder().backend(backend).compute(data), s.finish());
        }
    }
}
