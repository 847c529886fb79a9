package io.objsync.crypto;

import static io.objsync.testing.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.objsync.spi.Backend;
import io.objsync.testing.TestVectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Every case of Wycheproof's Ed25519 file (valid and invalid) on every backend, one by one and as one batch,
 * plus the RFC 8032 section 7.1 keys and signatures.
 */
class Ed25519VectorsTest {

    private static final JsonNode VECTORS = TestVectors.load("wycheproof_ed25519_test.json");

    /** RFC 8032 7.1 TEST 1, 2, 3 and SHA(abc): seed, public key, message, signature. */
    private static final String[][] RFC8032 = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
                + "d25bf5f0595bbe24655141438e7a100b"},
        {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c"
                + "387b2eaeb4302aeeb00d291612bb0c00"},
        {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc659"
                + "4a7c15e9716ed28dc027beceea1ec40a"},
        {"833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                + "454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e030"
                + "3dca179c138ac17ad9bef1177331a704"},
    };

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void wycheproofOneByOne(Backend backend) {
        Ed25519Engine engine = Ed25519Engine.of(backend);
        for (Wycheproof.Case c : Wycheproof.cases(VECTORS)) {
            Ed25519PublicKey key = publicKey(c);
            byte[] msg = c.bytes("msg");
            byte[] sig = c.bytes("sig");
            if (sig.length != Ed25519PublicKey.SIGNATURE_LENGTH) {
                // Wrong-length signatures are rejected before any backend call.
                assertFalse(c.valid(), c.what());
                Ed25519Assertions.assertRejectsLength(engine, key, msg, sig);
            } else {
                assertEquals(c.valid(), engine.verify(key, msg, 0, msg.length, sig), c.what());
                assertEquals(c.valid(), engine.verify(key, ByteBuffer.wrap(msg).asReadOnlyBuffer(), sig), c.what());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void wycheproofAsOneBatch(Backend backend) {
        Ed25519BatchVerifier batch = new Ed25519BatchVerifier(Ed25519Engine.of(backend), 2);
        List<Boolean> expected = new ArrayList<>();
        for (Wycheproof.Case c : Wycheproof.cases(VECTORS)) {
            byte[] sig = c.bytes("sig");
            if (sig.length == Ed25519PublicKey.SIGNATURE_LENGTH) {
                batch.add(publicKey(c), c.bytes("msg"), sig);
                expected.add(c.valid());
            }
        }
        Ed25519BatchVerifier.Result result = batch.verify();
        assertEquals(expected.size(), result.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), result.isValid(i), "batch index " + i);
        }
    }

    private static Ed25519PublicKey publicKey(Wycheproof.Case c) {
        return Ed25519PublicKey.fromBytes(hex(c.group().get("publicKey").get("pk").asText()));
    }

    @ParameterizedTest
    @MethodSource("io.objsync.testing.BackendsUnderTest#all")
    void rfc8032KeysAndSignatures(Backend backend) {
        Ed25519Engine engine = Ed25519Engine.of(backend);
        for (String[] v : RFC8032) {
            Ed25519PrivateKey key = engine.fromSeed(hex(v[0]));
            byte[] msg = hex(v[2]);
            assertArrayEquals(hex(v[1]), key.publicKey().toBytes());
            assertArrayEquals(hex(v[3]), engine.sign(key, msg, 0, msg.length));
            assertTrue(engine.verify(key.publicKey(), msg, 0, msg.length, hex(v[3])));
        }
    }
}
