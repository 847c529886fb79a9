package io.objsync.crypto;

import static io.objsync.testing.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.objsync.spi.Backend;
import io.objsync.testing.TestVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of Wycheproof's XChaCha20-Poly1305 file on every backend: valid cases through every seal and open
 * form (arrays, every buffer kind, detached, in place), forgeries through every open form (typed exception,
 * zeroed output), and nonces of the wrong size as argument errors.
 */
class XChaCha20Poly1305VectorsTest {

    private static final JsonNode VECTORS = TestVectors.load("wycheproof_xchacha20_poly1305_test.json");

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void everyWycheproofCase(Backend backend) throws AeadBadTagException {
        int cases = 0;
        for (JsonNode group : VECTORS.get("testGroups")) {
            for (JsonNode c : group.get("tests")) {
                XChaCha20Poly1305 aead = new XChaCha20Poly1305(backend,
                        XChaCha20Poly1305Key.fromBytes(hex(c.get("key").asText())));
                byte[] nonce = hex(c.get("iv").asText());
                byte[] ad = hex(c.get("aad").asText());
                byte[] msg = hex(c.get("msg").asText());
                byte[] ct = hex(c.get("ct").asText());
                byte[] tag = hex(c.get("tag").asText());
                String what = backend.name() + " tcId " + c.get("tcId").asInt() + " " + c.get("comment").asText();
                if (nonce.length != XChaCha20Poly1305.NONCE_LENGTH) {
                    assertEquals("invalid", c.get("result").asText(), what);
                    assertThrows(IllegalArgumentException.class, () -> aead.seal(nonce, msg, ad), what);
                    assertThrows(IllegalArgumentException.class,
                            () -> aead.open(nonce, TestBuffers.concat(ct, tag), ad), what);
                } else if (c.get("result").asText().equals("valid")) {
                    AeadChecks.sealsAndOpens(aead, nonce, ad, msg, ct, tag, what);
                } else {
                    AeadChecks.rejects(aead, nonce, ad, ct, tag, what);
                }
                cases++;
            }
        }
        assertEquals(VECTORS.get("numberOfTests").asInt(), cases);
    }
}
