package io.objsync.net.internal.quic.engine.packet;

import org.junit.jupiter.api.Test;

import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written ChaCha20 block function against RFC 8439 and the JDK's ChaCha20. */
class ChaCha20BlockTest {

    @Test
    void blockMatchesRfc8439Section232() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        byte[] nonce = Hex.bytes("000000090000004a00000000");
        byte[] out = new byte[64];
        new ChaCha20Block(key).keystream(1, nonce, 0, out, 0, 64);
        assertEquals("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
                + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e", Hex.string(out));
    }

    @Test
    void keystreamMatchesTheJdkForRandomInputs() throws Exception {
        Random random = new Random(9001);
        Cipher jdk = Cipher.getInstance("ChaCha20");
        for (int trial = 0; trial < 50; trial++) {
            byte[] key = new byte[32];
            byte[] nonce = new byte[12];
            random.nextBytes(key);
            random.nextBytes(nonce);
            int counter = random.nextInt();
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, counter));
            byte[] expected = jdk.doFinal(new byte[64]);
            byte[] actual = new byte[64];
            new ChaCha20Block(key).keystream(counter, nonce, 0, actual, 0, 64);
            assertEquals(Hex.string(expected), Hex.string(actual), "trial " + trial);
        }
    }
}
