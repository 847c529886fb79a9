package io.objsync.bao;

import io.objsync.spi.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Backend#baoVerify}, the decoder's many-groups-per-call check, on every backend: whole streams of complete
 * subtrees pass, as the root and below it (at a chunk offset, from heap and direct buffers); any flipped byte,
 * a wrong expected value or a wrong root flag fails.
 */
class BaoVerifyBatchTest {

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void wholeSubtreesVerifyAndAnyDamageFails(Backend backend) throws IOException {
        Random rnd = new Random(41);
        for (int blockLog : new int[] {0, 2, 4}) {
            int groupChunks = 1 << blockLog;
            for (int groups = 2; groups * groupChunks <= Backend.BAO_VERIFY_MAX_CHUNKS; groups *= 2) {
                int subtreeBytes = groups * groupChunks * 1024;
                int subtreeStream = subtreeBytes + (groups - 1) * 64;
                // The subtree as the whole blob (root), then as the right half of a blob twice its size.
                byte[] whole = OutboardTest.random(subtreeBytes, groups + blockLog);
                byte[] rootStream = encodeAll(backend, whole, blockLog);
                byte[] rootHash = Outboard.builder().blockLog(blockLog).backend(backend).compute(whole).root()
                        .toBytes();
                byte[] twice = OutboardTest.random(2 * subtreeBytes, groups * 7 + blockLog);
                byte[] twiceStream = encodeAll(backend, twice, blockLog);
                byte[] right = Arrays.copyOfRange(twiceStream, 32, 64);
                byte[] rightStream = Arrays.copyOfRange(twiceStream, 64 + subtreeStream, twiceStream.length);
                long rightChunk = (long) groups * groupChunks;
                String what = "blockLog " + blockLog + ", " + groups + " groups";

                assertTrue(verify(backend, rootStream, 0, blockLog, true, rootHash, false), what);
                assertTrue(verify(backend, rootStream, 0, blockLog, true, rootHash, true), what + " direct");
                assertTrue(verify(backend, rightStream, rightChunk, blockLog, false, right, false), what);
                assertTrue(verify(backend, rightStream, rightChunk, blockLog, false, right, true), what + " direct");

                assertFalse(verify(backend, rootStream, 0, blockLog, false, rootHash, false), what + " not root");
                assertFalse(verify(backend, rightStream, rightChunk, blockLog, true, right, false), what + " root");
                assertFalse(verify(backend, rightStream, 0, blockLog, false, right, false), what + " chunk offset");
                byte[] otherCv = right.clone();
                otherCv[rnd.nextInt(32)] ^= 1;
                assertFalse(verify(backend, rightStream, rightChunk, blockLog, false, otherCv, false), what);
                for (int i = 0; i < 24; i++) {
                    // The top pair, the next node (a pair or the first group), the last byte, random bytes.
                    int p = i == 0 ? rnd.nextInt(64) : i == 1 ? 64 + rnd.nextInt(64)
                            : i == 2 ? rightStream.length - 1 : rnd.nextInt(rightStream.length);
                    byte[] bad = rightStream.clone();
                    bad[p] ^= (byte) (1 << rnd.nextInt(8));
                    assertFalse(verify(backend, bad, rightChunk, blockLog, false, right, i % 2 == 0),
                            what + ", flip at " + p);
                }
            }
        }
    }

    private static byte[] encodeAll(Backend backend, byte[] data, int blockLog) throws IOException {
        Outboard ob = Outboard.builder().blockLog(blockLog).backend(backend).compute(data);
        return BaoStreamTest.encode(backend, data, ob, ChunkRanges.all());
    }

    private static boolean verify(Backend backend, byte[] stream, long chunk, int blockLog, boolean root,
                                  byte[] expected, boolean direct) {
        ByteBuffer in;
        if (direct) {
            in = ByteBuffer.allocateDirect(stream.length + 3);
            in.position(3);
            in.put(stream).position(3);
        } else {
            byte[] padded = new byte[stream.length + 5];
            System.arraycopy(stream, 0, padded, 5, stream.length);
            in = ByteBuffer.wrap(padded, 5, stream.length);
        }
        return backend.baoVerify(in, chunk, blockLog, root, expected);
    }
}
