package io.objsync.net.internal.quic;

import io.objsync.crypto.Ed25519PrivateKey;
import io.objsync.crypto.Ed25519PublicKey;
import io.objsync.net.NodeId;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * TLS 1.3 CertificateVerify with scheme ed25519 (RFC 8446 4.4.3): the signature covers 64 spaces, the context
 * string of the signing side, a zero byte and the transcript hash. Signing and verification go through our
 * own Ed25519 ({@code io.objsync.crypto}), so they run on the native backend where it is loaded.
 */
final class CertificateVerifySignature {

    private static final byte[] SERVER = "TLS 1.3, server CertificateVerify".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT = "TLS 1.3, client CertificateVerify".getBytes(StandardCharsets.US_ASCII);

    private CertificateVerifySignature() {
    }

    static byte[] sign(Ed25519PrivateKey key, boolean client, byte[] transcriptHash) {
        return key.sign(content(client, transcriptHash));
    }

    static boolean verify(NodeId signer, boolean client, byte[] transcriptHash, byte[] signature) {
        if (signature.length != Ed25519PublicKey.SIGNATURE_LENGTH) {
            return false;
        }
        return Ed25519PublicKey.fromBytes(signer.toBytes()).verify(content(client, transcriptHash), signature);
    }

    private static byte[] content(boolean client, byte[] transcriptHash) {
        byte[] context = client ? CLIENT : SERVER;
        byte[] out = new byte[64 + context.length + 1 + transcriptHash.length];
        Arrays.fill(out, 0, 64, (byte) 0x20);
        System.arraycopy(context, 0, out, 64, context.length);
        System.arraycopy(transcriptHash, 0, out, 64 + context.length + 1, transcriptHash.length);
        return out;
    }
}
