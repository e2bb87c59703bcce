package org.magpo.envs.rware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Drives {@link RwareGoldenAdapter} over {@code rware_cases.json} directly, so the port is checked even
 * where the shared golden-case runner is not on the class path; the file is searched in
 * {@code magpo.golden.dir}, then in {@code shared/golden} beside the repository.
 */
class RwareGoldenCasesTest {

    @TestFactory
    Stream<DynamicTest> everyRwareGoldenCasePassesFieldByField() throws IOException {
        Path file = locate();
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        RwareGoldenAdapter adapter = new RwareGoldenAdapter();
        assertEquals("rware", adapter.family());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> adapter.run(root, c)));
        }
        assertEquals(4, tests.size(), "rware_cases.json should hold the 4 cases of rware.md section 12");
        return tests.stream();
    }

    private static Path locate() {
        List<Path> candidates = new ArrayList<>();
        String dir = System.getProperty("magpo.golden.dir");
        if (dir != null && !dir.isBlank()) {
            candidates.add(Paths.get(dir));
        }
        candidates.add(Paths.get("..", "..", "shared", "golden"));
        candidates.add(Paths.get("..", "shared", "golden"));
        candidates.add(Paths.get("src", "test", "resources", "golden"));
        candidates.add(Paths.get("magpo-envs", "src", "test", "resources", "golden"));
        for (Path c : candidates) {
            Path f = c.resolve("rware_cases.json").toAbsolutePath().normalize();
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new IllegalStateException("rware_cases.json not found in " + candidates
                + "; set -Dmagpo.golden.dir to the shared/golden directory");
    }
}
