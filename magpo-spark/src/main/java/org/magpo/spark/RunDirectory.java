package org.magpo.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of one run directory that a sweep reads and writes around the trainer's own
 * ({@code config.json}, {@code metrics.csv}, {@code eval.jsonl}, {@code marl_eval.json},
 * {@code checkpoint.bin}): the {@value #DONE} marker, written atomically after training returns, and
 * the state detection that makes re-submission complete only what is missing.
 */
public final class RunDirectory {
    /** Completion marker: a small JSON naming the run, written after the trainer returned. */
    public static final String DONE = "DONE";
    /** The trainer's checkpoint, rewritten atomically after every evaluation. */
    public static final String CHECKPOINT = "checkpoint.bin";
    /** The trainer's marl-eval file; holds an "absolute_metrics" block once a run with absolute metrics ends. */
    public static final String MARL_EVAL = "marl_eval.json";
    /** The trainer's training log; its presence makes a fresh trainer refuse the directory. */
    public static final String METRICS = "metrics.csv";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunDirectory() {
    }

    /** The state of {@code dir} (which need not exist). */
    public static RunState state(Path dir) {
        if (!Files.isDirectory(dir)) {
            return RunState.EMPTY;
        }
        if (Files.exists(dir.resolve(DONE)) || hasAbsoluteMetrics(dir.resolve(MARL_EVAL))) {
            return RunState.FINISHED;
        }
        if (Files.exists(dir.resolve(CHECKPOINT))) {
            return RunState.RESUMABLE;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isPresent() ? RunState.PARTIAL : RunState.EMPTY;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list run directory " + dir, e);
        }
    }

    /** Whether a marl-eval file exists and any of its seeds carries an {@code absolute_metrics} block. */
    static boolean hasAbsoluteMetrics(Path marlEval) {
        if (!Files.isRegularFile(marlEval)) {
            return false;
        }
        try {
            // env -> task -> algo -> seed_S -> absolute_metrics; the file is written atomically, so it parses.
            for (JsonNode env : JSON.readTree(marlEval.toFile())) {
                for (JsonNode task : env) {
                    for (JsonNode algo : task) {
                        for (JsonNode seed : algo) {
                            if (seed.has("absolute_metrics")) {
                                return true;
                            }
                        }
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + marlEval, e);
        }
    }

    /** The trainer's provenance file, holding the resolved config under "config". */
    public static final String CONFIG = "config.json";

    /**
     * Fails when {@code dir} was trained with another config than {@code configJson}: run directories are
     * named by task, seed and varied hyperparameters only, so a spec whose fixed {@code set} values changed
     * would otherwise skip or resume runs of the old config. Directories without {@value #CONFIG} pass.
     *
     * @throws IllegalStateException naming the directory and the fields that differ
     */
    public static void checkSameConfig(Path dir, String configJson) {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode recorded = JSON.readTree(file.toFile()).get("config");
            JsonNode wanted = JSON.readTree(configJson);
            if (recorded == null || recorded.equals(wanted)) {
                return;
            }
            List<String> differing = new ArrayList<>();
            wanted.fieldNames().forEachRemaining(f -> {
                if (!wanted.get(f).equals(recorded.get(f))) {
                    differing.add(f + " (" + recorded.get(f) + " there, " + wanted.get(f) + " now)");
                }
            });
            throw new IllegalStateException("run directory " + dir + " was trained with another config: " + differing
                    + "; submit the changed spec with a new --out directory");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Deletes everything inside {@code dir} (a partial run without checkpoint), keeping the directory. */
    public static void clear(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear partial run directory " + dir, e);
        }
    }

    /** Atomically writes the {@value #DONE} marker for {@code run}. */
    public static void markDone(Path dir, RunSpec run, double trainSeconds) {
        ObjectNode done = JSON.createObjectNode();
        done.put("task", run.taskId());
        done.put("algorithm", run.algorithm());
        done.put("seed", run.seed());
        done.put("hp_hash", run.hpHash());
        ObjectNode hp = done.putObject("hyperparameters");
        run.hyperparameters().forEach((k, v) -> {
            try {
                hp.set(k, JSON.readTree(v));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        done.put("train_seconds_last_attempt", trainSeconds);
        done.put("finished_at", Instant.now().toString());
        Path tmp = dir.resolve(DONE + ".tmp");
        try {
            Files.writeString(tmp, JSON.writeValueAsString(done), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(DONE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(DONE), e);
        }
    }
}
