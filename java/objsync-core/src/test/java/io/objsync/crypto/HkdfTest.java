package io.objsync.crypto;

import static io.objsync.testing.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.objsync.internal.Limits;
import io.objsync.spi.Backend;
import io.objsync.testing.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;

/** Every case of Wycheproof's HKDF-SHA256 file on every backend, the steps separately, and argument errors. */
class HkdfTest {

    private static final JsonNode VECTORS = TestVectors.load("wycheproof_hkdf_sha256_test.json");

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void everyWycheproofCase(Backend backend) {
        HkdfEngine engine = HkdfEngine.of(backend);
        for (Wycheproof.Case c : Wycheproof.cases(VECTORS)) {
            byte[] ikm = c.bytes("ikm");
            byte[] salt = c.bytes("salt");
            byte[] info = c.bytes("info");
            int size = c.test().get("size").asInt();
            String what = c.what();
            if (c.valid()) {
                byte[] okm = c.bytes("okm");
                assertArrayEquals(okm, engine.derive(salt, ikm, info, size), what);
                assertArrayEquals(okm, engine.expand(engine.extract(salt, ikm), info, size), what);
                if (salt.length == 0) {
                    assertArrayEquals(okm, engine.derive(null, ikm, info, size), what + " (null salt)");
                }
                if (info.length == 0) {
                    assertArrayEquals(okm, engine.derive(salt, ikm, null, size), what + " (null info)");
                }
            } else {
                assertThrows(IllegalArgumentException.class, () -> engine.derive(salt, ikm, info, size), what);
            }
        }
    }

    /** RFC 5869 A.1, step by step, through the public static API. */
    @Test
    void rfc5869TestCase1() {
        byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = hex("000102030405060708090a0b0c");
        byte[] info = hex("f0f1f2f3f4f5f6f7f8f9");
        byte[] prk = Hkdf.extract(salt, ikm);
        assertArrayEquals(hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"), prk);
        byte[] okm = hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
        assertArrayEquals(okm, Hkdf.expand(prk, info, 42));
        assertArrayEquals(okm, Hkdf.derive(salt, ikm, info, 42));
        assertArrayEquals(Arrays.copyOf(okm, 10), Hkdf.derive(salt, ikm, info, 10), "outputs are prefixes");
        assertArrayEquals(new byte[0], Hkdf.derive(salt, ikm, info, 0));
        assertEquals(8160, Hkdf.derive(salt, ikm, info, Hkdf.MAX_OUTPUT_LENGTH).length);
    }

    /** Key material above the pinning bound gives the same key on every backend. */
    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void longKeyMaterial(Backend backend) {
        byte[] ikm = new byte[Limits.MAX_CRITICAL_BYTES + 3];
        Arrays.fill(ikm, (byte) 7);
        assertArrayEquals(HkdfEngine.of(io.objsync.testing.BackendsUnderTest.java()).extract(null, ikm),
                HkdfEngine.of(backend).extract(null, ikm));
    }

    @Test
    void argumentsAreCheckedBeforeAnyWork() {
        byte[] prk = new byte[32];
        assertThrows(NullPointerException.class, () -> Hkdf.extract(null, null));
        assertThrows(NullPointerException.class, () -> Hkdf.derive(null, null, null, 1));
        assertThrows(NullPointerException.class, () -> Hkdf.expand(null, null, 1));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(new byte[31], null, 1));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(prk, null, -1));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(prk, null, 255 * 32 + 1));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.derive(null, new byte[1], null, 255 * 32 + 1));
    }
}
