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
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Drives {@link LbfGoldenAdapter} over {@code lbf_cases.json} (from {@code magpo.golden.dir}, the shared
 * directory beside the repository, or the bundled test-resource copy), and shows that the adapter
 * really compares: a case with one expectation altered must fail on that field.
 */
class LbfGoldenCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LbfGoldenAdapter adapter = new LbfGoldenAdapter();

    @TestFactory
    Stream<DynamicTest> everyLbfGoldenCasePasses() throws IOException {
        JsonNode file = goldenFile();
        assertTrue(file.get("cases").size() >= 3, "lbf_cases.json should hold the 3 cases of lbf.md section 11");
        return StreamSupport.stream(file.get("cases").spliterator(), false)
                .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> adapter.run(file, c)));
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
        try (InputStream in = LbfGoldenCasesTest.class.getResourceAsStream("/golden/lbf_cases.json")) {
            Assumptions.assumeTrue(in != null, "lbf_cases.json found neither in " + dirs + " nor on the class path");
            return JSON.readTree(in);
        }
    }
}
