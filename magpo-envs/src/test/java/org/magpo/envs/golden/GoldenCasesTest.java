package org.magpo.envs.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every golden case of every {@code <family>_cases.json} file: one dynamic test per case, named
 * after the case's {@code name} field and grouped by file. The adapter of a family is found through
 * {@link ServiceLoader}; cases of families without an adapter (environments not ported yet) are
 * aborted with the reason, so that the report shows them as skipped, never as passed.
 *
 * <p>Directory: the system property {@code magpo.golden.dir} when given (it must exist); otherwise
 * {@code shared/golden} beside the repository (the spec's {@code ../shared/golden}), and when that is
 * absent the copies bundled in {@code src/test/resources/golden}, so that a bare clone still tests.
 */
class GoldenCasesTest {
    private static final Logger LOG = LoggerFactory.getLogger(GoldenCasesTest.class);

    /** Property naming the directory of the golden files; overrides every default. */
    static final String DIR_PROPERTY = "magpo.golden.dir";
    /** Default set by the build (magpo-envs/pom.xml): the repository's sibling {@code shared/golden}. */
    static final String DEFAULT_DIR_PROPERTY = "magpo.golden.default.dir";
    private static final String SUFFIX = "_cases.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicNode> goldenCases() throws IOException {
        Path dir = goldenDir();
        LOG.info("golden cases from {}", dir);
        Map<String, GoldenAdapter> adapters = adapters();
        List<Path> files = caseFiles(dir);
        assertFalse(files.isEmpty(), "no *" + SUFFIX + " file in " + dir);
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files) {
            nodes.add(container(file, adapters));
        }
        return nodes.stream();
    }

    /**
     * The bundled copies must not drift from the shared originals; skipped where the repository has
     * no {@code shared/golden} beside it.
     */
    @Test
    void bundledCopiesMatchSharedGoldenFiles() throws IOException {
        Path shared = sharedDir();
        Assumptions.assumeTrue(shared != null, "no shared/golden directory beside the repository");
        Path bundled = bundledDir();
        List<Path> sharedFiles = caseFiles(shared);
        assertFalse(sharedFiles.isEmpty(), "no *" + SUFFIX + " in " + shared);
        for (Path f : sharedFiles) {
            Path copy = bundled.resolve(f.getFileName().toString());
            assertTrue(Files.exists(copy), "missing bundled copy of " + f.getFileName()
                    + " in magpo-envs/src/test/resources/golden");
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(copy),
                    "bundled " + f.getFileName() + " differs from " + f + "; copy it again");
        }
    }

    private static DynamicContainer container(Path file, Map<String, GoldenAdapter> adapters) throws IOException {
        String fileName = file.getFileName().toString();
        String family = fileName.substring(0, fileName.length() - SUFFIX.length());
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode cases = root.get("cases");
        if (cases == null || !cases.isArray() || cases.isEmpty()) {
            throw new IllegalStateException(file + ": expected a non-empty 'cases' array");
        }
        GoldenAdapter adapter = adapters.get(family);
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode c : cases) {
            JsonNode nameNode = c.get("name");
            if (nameNode == null || !nameNode.isTextual()) {
                throw new IllegalStateException(file + ": every case needs a string 'name', got " + c.get("name"));
            }
            String name = nameNode.asText();
            if (!names.add(name)) {
                throw new IllegalStateException(file + ": duplicate case name '" + name + "'");
            }
            tests.add(DynamicTest.dynamicTest(name, file.toUri(), () -> {
                if (adapter == null) {
                    Assumptions.abort("no GoldenAdapter for family '" + family + "' (environment not ported yet);"
                            + " register one in META-INF/services/" + GoldenAdapter.class.getName());
                }
                adapter.run(root, c);
            }));
        }
        return DynamicContainer.dynamicContainer(fileName, file.toUri(), tests.stream());
    }

    private static Map<String, GoldenAdapter> adapters() {
        Map<String, GoldenAdapter> byFamily = new HashMap<>();
        for (GoldenAdapter a : ServiceLoader.load(GoldenAdapter.class)) {
            GoldenAdapter previous = byFamily.putIfAbsent(a.family(), a);
            if (previous != null) {
                throw new IllegalStateException("two GoldenAdapters for family '" + a.family() + "': "
                        + previous.getClass().getName() + " and " + a.getClass().getName());
            }
        }
        return byFamily;
    }

    private static List<Path> caseFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        }
    }

    static Path goldenDir() {
        String explicit = System.getProperty(DIR_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Paths.get(explicit).toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) {
                throw new IllegalStateException(DIR_PROPERTY + "=" + explicit + " is not a directory");
            }
            return p;
        }
        Path shared = sharedDir();
        return shared != null ? shared : bundledDir();
    }

    /** {@code shared/golden} beside the repository, or null when there is none. */
    private static Path sharedDir() {
        List<Path> candidates = new ArrayList<>();
        String fromBuild = System.getProperty(DEFAULT_DIR_PROPERTY);
        if (fromBuild != null && !fromBuild.isBlank()) {
            candidates.add(Paths.get(fromBuild));
        }
        // Surefire runs in the module directory; an IDE may run in the repository root.
        candidates.add(Paths.get("..", "..", "shared", "golden"));
        candidates.add(Paths.get("..", "shared", "golden"));
        for (Path c : candidates) {
            Path p = c.toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path bundledDir() {
        URL readme = GoldenCasesTest.class.getResource("/golden/README.md");
        if (readme == null) {
            throw new IllegalStateException("bundled golden files missing from the test class path (golden/README.md)");
        }
        try {
            return Paths.get(readme.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException("cannot locate bundled golden directory " + readme, e));
        }
    }
}
