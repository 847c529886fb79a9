package io.objsync.net.internal.quic.engine.packet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The key schedule against RFC 9001 appendix A, and the AEAD table of RFC 9001 sections 5.3 and 6.6. */
class KeyScheduleTest {

    static final byte[] RFC9001_DCID = Hex.bytes("8394c8f03e515708");
    static final byte[] RFC9001_CHACHA_SECRET =
            Hex.bytes("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");

    @Test
    void clientInitialKeysMatchRfc9001A1() {
        assertEquals("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea",
                Hex.string(KeySchedule.initialSecret(RFC9001_DCID, true)));
        PacketKeys keys = PacketKeys.initial(RFC9001_DCID, true);
        assertEquals(AeadAlgorithm.AES_128_GCM, keys.algorithm());
        assertEquals("1f369613dd76d5467730efcbe3b1a22d", Hex.string(keys.key()));
        assertEquals("fa044b2f42a3fd3b46fb255c", Hex.string(keys.iv()));
        assertEquals("9f50449e04a0e810283a1e9933adedd2", Hex.string(keys.headerProtectionKey()));
    }

    @Test
    void serverInitialKeysMatchRfc9001A1() {
        assertEquals("3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b",
                Hex.string(KeySchedule.initialSecret(RFC9001_DCID, false)));
        PacketKeys keys = PacketKeys.initial(RFC9001_DCID, false);
        assertEquals("cf3a5331653c364c88f0f379b6067e37", Hex.string(keys.key()));
        assertEquals("0ac1493ca1905853b0bba03e", Hex.string(keys.iv()));
        assertEquals("c206b8d9b9f0f37644430b490eeaa314", Hex.string(keys.headerProtectionKey()));
    }

    @Test
    void initialExtractMatchesRfc9001A1() {
        byte[] salt = Hex.bytes("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
        assertEquals("7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44",
                Hex.string(KeySchedule.extract(AeadAlgorithm.AES_128_GCM, salt, RFC9001_DCID)));
    }

    @Test
    void chachaKeysAndKeyUpdateMatchRfc9001A5() {
        PacketKeys keys = PacketKeys.fromSecret(AeadAlgorithm.CHACHA20_POLY1305, RFC9001_CHACHA_SECRET);
        assertEquals("c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8", Hex.string(keys.key()));
        assertEquals("e0459b3474bdd0e44a41c144", Hex.string(keys.iv()));
        assertEquals("25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4",
                Hex.string(keys.headerProtectionKey()));

        PacketKeys next = keys.nextGeneration();
        assertEquals("1223504755036d556342ee9361d253421a826c9ecdf3c7148684b36b714881f9", Hex.string(next.secret()));
        // RFC 9001 section 6.1: a key update changes the packet protection keys but not the header protection key.
        assertEquals(Hex.string(PacketKeys.fromSecret(AeadAlgorithm.CHACHA20_POLY1305, next.secret()).key()),
                Hex.string(next.key()));
        assertEquals(Hex.string(keys.headerProtectionKey()), Hex.string(next.headerProtectionKey()));
    }

    @Test
    void sha384SuiteDerivesLongerKeys() {
        PacketKeys keys = PacketKeys.fromSecret(AeadAlgorithm.AES_256_GCM, new byte[48]);
        assertEquals(32, keys.key().length);
        assertEquals(12, keys.iv().length);
        assertEquals(32, keys.headerProtectionKey().length);
        assertEquals(48, keys.nextGeneration().secret().length);
    }

    @Test
    void secretOfTheWrongLengthIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> PacketKeys.fromSecret(AeadAlgorithm.AES_256_GCM, new byte[32]));
    }

    @Test
    void cipherSuitesMapToTheirAlgorithmsAndLimits() {
        assertEquals(AeadAlgorithm.AES_128_GCM, AeadAlgorithm.ofCipherSuite(0x1301));
        assertEquals(AeadAlgorithm.AES_256_GCM, AeadAlgorithm.ofCipherSuite(0x1302));
        assertEquals(AeadAlgorithm.CHACHA20_POLY1305, AeadAlgorithm.ofCipherSuite(0x1303));
        assertThrows(IllegalArgumentException.class, () -> AeadAlgorithm.ofCipherSuite(0x1304)); // AES-CCM
        assertEquals(1L << 23, AeadAlgorithm.AES_128_GCM.confidentialityLimit());
        assertEquals(1L << 52, AeadAlgorithm.AES_256_GCM.integrityLimit());
        assertEquals(1L << 62, AeadAlgorithm.CHACHA20_POLY1305.confidentialityLimit());
        assertEquals(1L << 36, AeadAlgorithm.CHACHA20_POLY1305.integrityLimit());
        assertEquals(16, AeadAlgorithm.AES_128_GCM.keyLength());
        assertEquals(32, AeadAlgorithm.CHACHA20_POLY1305.keyLength());
    }
}
