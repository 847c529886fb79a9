package io.objsync.vault;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.objsync.crypto.XChaCha20Poly1305;
import io.objsync.crypto.XChaCha20Poly1305Key;
import io.objsync.testing.AllocationBound;
import io.objsync.testing.FuzzSeeds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the vault's encrypted catalog as an app reads it from a synced vault: {@link CatalogCipher#open} on
 * whole values ({@link #openValue}: nonce, ciphertext and tag as they arrive), and on values whose plaintext is
 * the input sealed under the catalog key ({@link #openPlaintext}), so the fuzzer reaches the protobuf decoding
 * of {@code ProjectCatalogEntry} behind the tag check.
 *
 * <p>Properties: only {@link CatalogDecryptionException} escapes; an entry that opens re-encodes to a canonical
 * protobuf that decodes to an equal entry and encodes to itself; opening allocates at most
 * {@value #ALLOCATION_PER_BYTE} bytes per input byte plus {@value #ALLOCATION_BASE}.
 */
class CatalogFuzzTest {

    static final long ALLOCATION_BASE = 1 << 20;
    static final long ALLOCATION_PER_BYTE = 32;
    private static final XChaCha20Poly1305Key KEY = XChaCha20Poly1305Key.fromBytes(FuzzSeeds.filled(3, 32));
    private static final CatalogCipher CIPHER = CatalogCipher.of(KEY);
    private static final XChaCha20Poly1305 AEAD = XChaCha20Poly1305.create(KEY);
    private static final byte[] NONCE = FuzzSeeds.filled(4, 24);

    static {
        CIPHER.seal(new ProjectCatalogEntry("warm-up", new byte[32], "", 0)); // backend and protobuf loaded first
    }

    @FuzzTest
    void openValue(byte[] input) throws Exception {
        open(input, input.length);
    }

    @FuzzTest
    void openPlaintext(byte[] input) throws Exception {
        open(value(input), input.length);
    }

    private static void open(byte[] value, int inputLength) throws Exception {
        ProjectCatalogEntry[] entry = new ProjectCatalogEntry[1];
        try {
            AllocationBound.check(ALLOCATION_BASE + ALLOCATION_PER_BYTE * inputLength, "opening a catalog value",
                    () -> entry[0] = CIPHER.open(value));
        } catch (CatalogDecryptionException e) {
            return;
        }
        byte[] canonical = CatalogCodec.encode(entry[0]);
        ProjectCatalogEntry back = CatalogCodec.decode(canonical);
        assertEquals(entry[0], back);
        assertArrayEquals(canonical, CatalogCodec.encode(back));
        assertTrue(!entry[0].projectId().isEmpty() && entry[0].projectId().indexOf('/') < 0);
    }

    /** {@code plaintext} sealed as the reference seals a catalog value: nonce, ciphertext, tag. */
    private static byte[] value(byte[] plaintext) {
        byte[] sealed = AEAD.seal(NONCE, plaintext, new byte[0]);
        byte[] out = Arrays.copyOf(NONCE, NONCE.length + sealed.length);
        System.arraycopy(sealed, 0, out, NONCE.length, sealed.length);
        return out;
    }

    static Map<String, byte[]> plaintextSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("project", CatalogCodec.encode(new ProjectCatalogEntry("p1", FuzzSeeds.filled(7, 32), "Holiday photos",
                1_700_000_000L)));
        seeds.put("unicode-name", CatalogCodec.encode(new ProjectCatalogEntry("b6c1", FuzzSeeds.filled(8, 32),
                "Proj\u00e9t \u4e2d", 0)));
        return seeds;
    }

    static Map<String, byte[]> valueSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        plaintextSeeds().forEach((name, plain) -> seeds.put(name, value(plain)));
        seeds.put("short", Arrays.copyOf(NONCE, 30));
        return seeds;
    }

    @Test
    void seedsAreCommitted() throws IOException {
        FuzzSeeds.check(CatalogFuzzTest.class, "openValue", valueSeeds());
        FuzzSeeds.check(CatalogFuzzTest.class, "openPlaintext", plaintextSeeds());
    }
}
