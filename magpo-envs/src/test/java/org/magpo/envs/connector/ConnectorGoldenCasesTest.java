package org.magpo.envs.connector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Drives {@link ConnectorGoldenAdapter} over {@code connector_cases.json} directly, so the port is
 * checked against the reference even where the shared golden runner is not on the class path.
 */
class ConnectorGoldenCasesTest {

    @TestFactory
    Stream<DynamicTest> everyConnectorGoldenCaseMatchesTheReference() throws IOException {
        JsonNode file = readGolden("connector_cases.json");
        ConnectorGoldenAdapter adapter = new ConnectorGoldenAdapter();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : file.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> adapter.run(file, c)));
        }
        assertTrue(tests.size() >= 2, "expected the two Connector golden cases, found " + tests.size());
        return tests.stream();
    }

    /** Reads a golden file from {@code magpo.golden.dir}, the shared directory beside the repository, or the bundled copy. */
    private static JsonNode readGolden(String fileName) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Path> dirs = new ArrayList<>();
        String explicit = System.getProperty("magpo.golden.dir");
        if (explicit != null && !explicit.isBlank()) {
            dirs.add(Paths.get(explicit));
        }
        dirs.add(Paths.get("..", "..", "shared", "golden"));
        dirs.add(Paths.get("..", "shared", "golden"));
        for (Path d : dirs) {
            Path f = d.resolve(fileName);
            if (Files.isRegularFile(f)) {
                return json.readTree(f.toFile());
            }
        }
        try (InputStream in = ConnectorGoldenCasesTest.class.getResourceAsStream("/golden/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException(fileName + " not found in " + dirs + " nor bundled under /golden/");
            }
            return json.readTree(in);
        }
    }
}
