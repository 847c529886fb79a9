package io.objsync.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.objsync.crypto.XChaCha20Poly1305;
import io.objsync.crypto.XChaCha20Poly1305Key;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CatalogCipherTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] REPLICA = filled(0xab);

    private static byte[] filled(int b) {
        byte[] a = new byte[32];
        Arrays.fill(a, (byte) b);
        return a;
    }

    @Test
    void protobufBytesMatchTheHandEncodedMessage() {
        var entry = new ProjectCatalogEntry("p1", REPLICA, "Alpha", 1_700_000_000L);
        String expected = "0a027031" + "1220" + "ab".repeat(32) + "1a05416c706861" + "2080e2cfaa06";
        assertEquals(expected, HEX.formatHex(CatalogCodec.encode(entry)));
    }

    @Test
    void sealsAsNonceCiphertextTagAndOpensWithTheKey() throws Exception {
        XChaCha20Poly1305Key key = XChaCha20Poly1305Key.generate();
        var entry = new ProjectCatalogEntry("proj-7", REPLICA, "Seventh", 42);
        byte[] value = CatalogCipher.of(key).seal(entry);
        assertEquals(24 + CatalogCodec.encode(entry).length + 16, value.length);
        assertEquals(entry, CatalogCipher.of(key).open(value));
        // Independently: the value is nonce ‖ XChaCha20-Poly1305(protobuf) with empty associated data.
        byte[] plain = XChaCha20Poly1305.create(key).open(Arrays.copyOf(value, 24),
                Arrays.copyOfRange(value, 24, value.length), new byte[0]);
        assertArrayEquals(CatalogCodec.encode(entry), plain);
    }

    @Test
    void wrongKeyTamperingAndGarbageAreTypedErrors() {
        var entry = new ProjectCatalogEntry("p", REPLICA, "n", 1);
        byte[] value = CatalogCipher.of(XChaCha20Poly1305Key.generate()).seal(entry);
        CatalogCipher other = CatalogCipher.of(XChaCha20Poly1305Key.generate());
        assertThrows(CatalogDecryptionException.class, () -> other.open(value));
        assertThrows(CatalogDecryptionException.class, () -> other.open(new byte[10]));
        XChaCha20Poly1305Key key = XChaCha20Poly1305Key.generate();
        byte[] sealed = CatalogCipher.of(key).seal(entry);
        sealed[30] ^= 1;
        assertThrows(CatalogDecryptionException.class, () -> CatalogCipher.of(key).open(sealed));
        // Authentic but not a catalog entry (field 1 as a varint).
        byte[] notAnEntry = XChaCha20Poly1305.create(key).encrypt(HEX.parseHex("0801"), new byte[0]);
        assertThrows(CatalogDecryptionException.class, () -> CatalogCipher.of(key).open(notAnEntry));
    }

    @Test
    void entriesCheckTheirFields() {
        assertThrows(IllegalArgumentException.class, () -> new ProjectCatalogEntry("a/b", REPLICA, "n", 0));
        assertThrows(IllegalArgumentException.class, () -> new ProjectCatalogEntry("", REPLICA, "n", 0));
        assertThrows(NullPointerException.class, () -> new ProjectCatalogEntry("a", null, "n", 0));
    }
}
