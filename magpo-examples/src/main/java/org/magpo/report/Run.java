package org.magpo.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run read from a run directory (or one seed of a Mava/marl-eval JSON file).
 *
 * @param dir             the directory it came from
 * @param key             environment, task and algorithm
 * @param seed            the run's seed
 * @param config          the resolved configuration from {@code config.json} ({@code MissingNode} when absent)
 * @param evaluations     evaluations in order of {@link Evaluation#index()}
 * @param absoluteMetrics per-episode values of the final absolute-metric evaluation; empty when not run
 * @param training        rows of {@code metrics.csv}; empty when absent
 * @param checkpoints     checkpoint files found ({@code checkpoint.bin}, {@code checkpoints/*})
 */
public record Run(Path dir, RunKey key, long seed, JsonNode config, List<Evaluation> evaluations,
        Map<String, double[]> absoluteMetrics, TrainingLog training, List<Path> checkpoints) {
    public Run {
        if (dir == null || key == null || config == null || training == null) {
            throw new IllegalArgumentException("Run: dir, key, config and training must not be null");
        }
        evaluations = List.copyOf(evaluations);
        Map<String, double[]> copy = new LinkedHashMap<>();
        absoluteMetrics.forEach((k, v) -> copy.put(k, v.clone()));
        absoluteMetrics = Collections.unmodifiableMap(copy);
        checkpoints = List.copyOf(checkpoints);
    }

    /** Mean of {@code metric} at the last evaluation; NaN with no evaluation. */
    public double finalScore(String metric) {
        return evaluations.isEmpty() ? Double.NaN : evaluations.get(evaluations.size() - 1).mean(metric);
    }

    /** Mean of {@code metric} in the absolute-metric evaluation; NaN when there is none. */
    public double absoluteScore(String metric) {
        return Evaluation.meanOf(absoluteMetrics.get(metric));
    }

    /** Environment steps at the last evaluation; 0 with none. */
    public long lastStepCount() {
        return evaluations.isEmpty() ? 0 : evaluations.get(evaluations.size() - 1).stepCount();
    }
}
