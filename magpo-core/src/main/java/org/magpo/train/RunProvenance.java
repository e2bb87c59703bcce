package org.magpo.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.magpo.algo.AlgorithmConfig;

/**
 * Writes {@code config.json} into a run directory: the task, the seed, the fully resolved
 * configuration and where the run came from (library version, Java, ND4J backend), so that every
 * result can be traced to exactly what produced it.
 */
public final class RunProvenance {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunProvenance() {
    }

    /** Writes (atomically replacing) {@code runDir/config.json}. */
    public static void write(Path runDir, String taskId, AlgorithmConfig config) throws IOException {
        Files.createDirectories(runDir);
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", 1);
        root.put("task", taskId);
        root.put("algorithm", config.algorithmName());
        root.put("seed", config.seed());
        root.set("config", JSON.readTree(config.toJson()));
        ObjectNode env = root.putObject("provenance");
        Package p = RunProvenance.class.getPackage();
        env.put("magpo4j_version", p.getImplementationVersion() == null ? "dev" : p.getImplementationVersion());
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("nd4j_backend", org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName());
        Path tmp = runDir.resolve("config.json.tmp");
        Files.writeString(tmp, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
        Files.move(tmp, runDir.resolve("config.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
