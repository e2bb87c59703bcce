package org.magpo.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@code ```java} block of the user docs must be compiled code: its lines (trimmed, blank lines
 * ignored) must appear, consecutively, in a Java source file of magpo-examples or of magpo-envs' test
 * tree. So a snippet cannot drift from the code it shows, and each doc names the file that holds it.
 */
class DocSnippetsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"quickstart.md", "concepts.md", "adding-an-environment.md", "custom-policy.md",
        "algorithms.md", "gpu.md"})
    void everyJavaSnippetIsCompiledCode(String doc) throws IOException {
        List<List<String>> snippets = javaBlocks(Files.readAllLines(AlgorithmsDocTest.doc(doc)));
        List<List<String>> sources = sources();
        assertFalse(sources.isEmpty(), "no Java sources found");
        for (List<String> snippet : snippets) {
            assertFalse(snippet.isEmpty(), doc + " has an empty java block");
            boolean found = sources.stream().anyMatch(src -> containsRun(src, snippet));
            assertTrue(found, doc + ": this snippet is not in any compiled source file:\n" + String.join("\n", snippet));
        }
    }

    private static List<List<String>> javaBlocks(List<String> lines) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : lines) {
            String t = line.trim();
            if (current == null && t.equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && t.equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null && !t.isEmpty()) {
                current.add(t);
            }
        }
        return blocks;
    }

    private static List<List<String>> sources() throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (Path root : List.of(Path.of("src"), Path.of("..", "magpo-envs", "src", "test", "java"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> out.add(trimmedLines(p)));
            }
        }
        return out;
    }

    private static List<String> trimmedLines(Path p) {
        try {
            return Files.readAllLines(p).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean containsRun(List<String> source, List<String> snippet) {
        outer:
        for (int start = 0; start + snippet.size() <= source.size(); start++) {
            for (int k = 0; k < snippet.size(); k++) {
                if (!source.get(start + k).equals(snippet.get(k))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
