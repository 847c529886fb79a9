package io.objsync.net.internal;

import org.junit.jupiter.api.Test;

import java.security.cert.Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Regressions from fuzzing the peer certificate (CertificateFuzzTest). */
class Ed25519CertificatesTest {

    @Test
    void anEmptyListenPortExtensionIsIgnoredNotAnError() throws Exception {
        // DER-parsing zero bytes yields no object at all, which listenPortOf dereferenced (NullPointerException).
        assertEquals(0, Ed25519Certificates.listenPortOf(new Certificate[] {CertificateFuzzTest.certificate(new byte[0])}));
    }
}
