package io.objsync.net.internal.quic;

import io.objsync.crypto.Ed25519PrivateKey;
import io.objsync.crypto.Ed25519PublicKey;
import io.objsync.net.NodeId;
import tech.kwik.agent15.TlsConstants;
import tech.kwik.agent15.alert.BadCertificateAlert;
import tech.kwik.agent15.alert.DecryptErrorAlert;
import tech.kwik.agent15.alert.IllegalParameterAlert;
import tech.kwik.agent15.handshake.CertificateMessage;
import tech.kwik.agent15.handshake.CertificateVerifyMessage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How a peer proves its node key, the same on both sides: a Certificate message with one raw Ed25519 key, then
 * a TLS 1.3 CertificateVerify with scheme ed25519 (RFC 8446 4.4.3) whose signature covers 64 spaces, the
 * context string of the signing side, a zero byte and the transcript hash. Signing and verification go
 * through our own Ed25519 ({@code io.objsync.crypto}), so they run on the native backend where it is loaded.
 */
final class CertificateVerifySignature {

    private static final byte[] SERVER = "TLS 1.3, server CertificateVerify".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT = "TLS 1.3, client CertificateVerify".getBytes(StandardCharsets.US_ASCII);

    private CertificateVerifySignature() {
    }

    /** The key a peer's Certificate message presents (not yet proven). */
    static NodeId presentedKey(CertificateMessage certificate) throws BadCertificateAlert {
        if (!(certificate instanceof RawKeyCertificateMessage) || certificate.getRequestContext().length != 0) {
            throw new BadCertificateAlert("expected a raw public key");
        }
        return ((RawKeyCertificateMessage) certificate).nodeId();
    }

    /** Checks that {@code verify} proves {@code key}: scheme ed25519 and a valid signature. */
    static void checkProof(CertificateVerifyMessage verify, NodeId key, boolean client, byte[] transcriptHash)
            throws IllegalParameterAlert, DecryptErrorAlert {
        if (verify.getSignatureScheme() != TlsConstants.SignatureScheme.ed25519) {
            throw new IllegalParameterAlert("signature scheme was not offered");
        }
        if (!verify(key, client, transcriptHash, verify.getSignature())) {
            throw new DecryptErrorAlert((client ? "client" : "server") + " signature does not verify");
        }
    }

    static byte[] sign(Ed25519PrivateKey key, boolean client, byte[] transcriptHash) {
        return key.sign(content(client, transcriptHash));
    }

    private static boolean verify(NodeId signer, boolean client, byte[] transcriptHash, byte[] signature) {
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
