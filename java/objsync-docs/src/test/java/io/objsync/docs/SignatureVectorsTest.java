package io.objsync.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.objsync.docs.internal.SignatureBatch;
import io.objsync.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Wycheproof Ed25519 case through the verifier entry ingest uses ({@link SignatureBatch}, in one parallel
 * batch and one by one); signatures that are not 64 bytes cannot even form an entry.
 */
class SignatureVectorsTest {
    record Case(int id, byte[] pk, byte[] msg, byte[] sig, boolean valid) {
    }

    static JsonNode root() {
        return TestVectors.load("wycheproof_ed25519_test.json");
    }

    static List<Case> cases() {
        JsonNode root = root();
        List<Case> out = new ArrayList<>();
        for (JsonNode g : root.get("testGroups")) {
            byte[] pk = TestVectors.hex(g.get("publicKey").get("pk").asText());
            for (JsonNode t : g.get("tests")) {
                out.add(new Case(t.get("tcId").asInt(), pk, TestVectors.hex(t.get("msg").asText()),
                        TestVectors.hex(t.get("sig").asText()), t.get("result").asText().equals("valid")));
            }
        }
        return out;
    }

    @Test
    void everyCaseGetsTheExpectedVerdict() {
        List<Case> cases = cases();
        assertEquals(root().get("numberOfTests").asInt(), cases.size(), "every case is read");
        SignatureBatch batch = new SignatureBatch();
        List<Case> batched = new ArrayList<>();
        int wrongLength = 0;
        for (Case c : cases) {
            if (c.sig().length != 64) {
                assertTrue(!c.valid(), "case " + c.id());
                Entry e = Entry.of(NamespaceId.of(c.pk()), AuthorId.of(c.pk()), new byte[0], Record.empty(0));
                assertThrows(IllegalArgumentException.class, () -> SignedEntry.of(e, c.sig(), c.sig()));
                wrongLength++;
                continue;
            }
            batch.add(c.pk(), c.msg(), c.sig());
            batched.add(c);
            boolean single = new SignatureBatch().add(c.pk(), c.msg(), c.sig()).verify()[0];
            assertEquals(c.valid(), single, "case " + c.id() + " alone");
        }
        boolean[] verdicts = batch.verify();
        for (int i = 0; i < batched.size(); i++) {
            assertEquals(batched.get(i).valid(), verdicts[i], "case " + batched.get(i).id() + " in a batch");
        }
        assertTrue(wrongLength > 0 && batched.size() > 100);
    }
}
