package org.magpo.envs.lbf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Shows that {@link LbfGoldenAdapter} really compares (the golden runner {@code GoldenCasesTest} runs the
 * unaltered cases): a case of {@code lbf_cases.json} (from {@code magpo.golden.dir}, the shared directory
 * beside the repository, or the bundled copy) with one expectation altered must fail naming that field.
 */
class LbfGoldenAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LbfGoldenAdapter adapter = new LbfGoldenAdapter();

    @Test
    void unalteredFirstCasePasses() throws IOException {
        JsonNode file = goldenFile();
        adapter.run(file, file.get("cases").get(0));
    }

    @Test
    void adapterFailsOnAlteredReward() throws IOException {
        assertAlterationDetected("reward[0]", c -> ((ArrayNode) step(c, 2).get("reward")).set(0, 0.2));
    }

    @Test
    void adapterFailsOnAlteredObservationEntry() throws IOException {
        assertAlterationDetected("agents_view[1][3]", c -> ((ArrayNode) step(c, 0).get("agents_view").get(1)).set(3, 5));
    }

    @Test
    void adapterFailsOnAlteredLoadingFlag() throws IOException {
        assertAlterationDetected("loading",
                c -> ((ObjectNode) step(c, 0).get("state_after").get("agents").get(0)).put("loading", false));
    }

    @Test
    void adapterFailsOnAlteredDiscount() throws IOException {
        assertAlterationDetected("discount[1]", c -> {
            ArrayNode steps = (ArrayNode) c.get("steps");
            ((ArrayNode) steps.get(steps.size() - 1).get("discount")).set(1, 1.0);
        });
    }

    private void assertAlterationDetected(String field, Consumer<ObjectNode> alter) throws IOException {
        JsonNode file = goldenFile();
        ObjectNode c = (ObjectNode) file.get("cases").get(0).deepCopy();
        assertEquals("lbf_2s8x8_coop_load_and_finish", c.get("name").asText());
        alter.accept(c);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> adapter.run(file, c));
        assertTrue(e.getMessage().contains(field), "failure should name " + field + ": " + e.getMessage());
    }

    private static ObjectNode step(ObjectNode c, int k) {
        return (ObjectNode) c.get("steps").get(k);
    }

    static JsonNode goldenFile() throws IOException {
        String explicit = System.getProperty("magpo.golden.dir");
        List<Path> dirs = explicit != null && !explicit.isBlank()
                ? List.of(Paths.get(explicit))
                : List.of(Paths.get("..", "..", "shared", "golden"), Paths.get("..", "shared", "golden"));
        for (Path d : dirs) {
            Path f = d.resolve("lbf_cases.json");
            if (Files.isRegularFile(f)) {
                return JSON.readTree(f.toFile());
            }
        }
        try (InputStream in = LbfGoldenAdapterTest.class.getResourceAsStream("/golden/lbf_cases.json")) {
            Assumptions.assumeTrue(in != null, "lbf_cases.json found neither in " + dirs + " nor on the class path");
            return JSON.readTree(in);
        }
    }
}
