package org.magpo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.magpo.algo.MagpoConfig;

/**
 * docs/algorithms.md: its snippet, compiled and run here, and its field table, which must list every
 * {@link MagpoConfig} component in declaration order with the default of {@link MagpoConfig#defaults()}.
 */
class AlgorithmsDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| [^|]+ \\| `([^`]+)` \\|");

    @Test
    void configSnippetBuildsAndRoundTrips() {
        // --- snippet: docs/algorithms.md "Getting a config" ---
        // The reference defaults (rec_magpo.yaml, anakin.yaml, magpo.yaml):
        MagpoConfig defaults = MagpoConfig.defaults();
        // The authors' tuned values for one of the 43 benchmark tasks, then your own overrides:
        MagpoConfig config = MagpoConfig.preset("rware:tiny-2ag").toBuilder()
                .totalTimesteps(2_000_000)
                .seed(7)
                .build();
        // Round trip through the JSON stored in run directories and checkpoints:
        MagpoConfig again = MagpoConfig.fromJson(config.toJson());
        // --- end of snippet ---
        assertEquals(config, again);
        assertEquals(7L, config.seed());
        assertEquals(64, config.numEnvs(), "every tuned run uses 64 environments");
        assertEquals(2_000_000L / config.stepsPerUpdate(), config.numUpdates());
        assertEquals(16, defaults.numEnvs());
    }

    @Test
    void fieldTableListsEveryComponentWithItsDefault() throws Exception {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(doc("algorithms.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                documented.put(m.group(1), m.group(2));
            }
        }
        MagpoConfig defaults = MagpoConfig.defaults();
        RecordComponent[] components = MagpoConfig.class.getRecordComponents();
        assertEquals(components.length, documented.size(), "documented fields " + documented.keySet());
        int k = 0;
        for (String field : documented.keySet()) {
            RecordComponent c = components[k++];
            assertEquals(c.getName(), field, "table row " + k + " (declaration order)");
            assertEquals(String.valueOf(c.getAccessor().invoke(defaults)), documented.get(field),
                    "default of " + field);
        }
    }

    /** The docs directory beside the module (tests run in magpo-examples/). */
    static Path doc(String name) throws IOException {
        Path p = Path.of("..", "docs", name);
        assertTrue(Files.isRegularFile(p), "missing " + p.toAbsolutePath());
        return p;
    }
}
