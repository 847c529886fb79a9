package io.objsync.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.objsync.testing.TestVectors;

import java.util.ArrayList;
import java.util.List;

/** The cases of a Wycheproof file, each with its group; the file must hold as many as it declares. */
final class Wycheproof {

    /** One test case and the group it belongs to. */
    record Case(JsonNode group, JsonNode test) {

        /** A hex field of the case as bytes. */
        byte[] bytes(String field) {
            return TestVectors.hex(test.get(field).asText());
        }

        boolean valid() {
            return test.get("result").asText().equals("valid");
        }

        /** Names the case in assertion messages. */
        String what() {
            return "tcId " + test.get("tcId").asInt() + " " + test.get("comment").asText();
        }
    }

    private Wycheproof() {
    }

    /** Every case of the loaded file {@code vectors}. */
    static List<Case> cases(JsonNode vectors) {
        List<Case> cases = new ArrayList<>();
        for (JsonNode group : vectors.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                cases.add(new Case(group, test));
            }
        }
        assertEquals(vectors.get("numberOfTests").asInt(), cases.size(), "cases in the file");
        return cases;
    }
}
