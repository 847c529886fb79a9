package io.objsync.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
        for (Wycheproof.Case c : Wycheproof.cases(VECTORS)) {
            XChaCha20Poly1305 aead = new XChaCha20Poly1305(backend, XChaCha20Poly1305Key.fromBytes(c.bytes("key")));
            byte[] nonce = c.bytes("iv");
            byte[] ad = c.bytes("aad");
            byte[] msg = c.bytes("msg");
            byte[] ct = c.bytes("ct");
            byte[] tag = c.bytes("tag");
            String what = backend.name() + " " + c.what();
            if (nonce.length != XChaCha20Poly1305.NONCE_LENGTH) {
                assertFalse(c.valid(), what);
                assertThrows(IllegalArgumentException.class, () -> aead.seal(nonce, msg, ad), what);
                assertThrows(IllegalArgumentException.class,
                        () -> aead.open(nonce, TestBuffers.concat(ct, tag), ad), what);
            } else if (c.valid()) {
                AeadChecks.sealsAndOpens(aead, nonce, ad, msg, ct, tag, what);
            } else {
                AeadChecks.rejects(aead, nonce, ad, ct, tag, what);
            }
        }
    }
}
