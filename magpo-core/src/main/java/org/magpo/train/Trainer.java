package org.magpo.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.magpo.algo.Algorithm;
import org.magpo.algo.AlgorithmConfig;
import org.magpo.algo.EvaluationPolicy;
import org.magpo.algo.MagpoAlgorithm;
import org.magpo.algo.MagpoConfig;
import org.magpo.algo.NonFiniteLossException;
import org.magpo.algo.TrainingContext;
import org.magpo.env.EnvSpec;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.StepType;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Rng;
import org.magpo.policy.ActionBuffer;
import org.magpo.policy.Guider;
import org.magpo.policy.Learner;
import org.magpo.rollout.RolloutBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one algorithm on one task, top to bottom (ALGORITHM.md §1.2, ARCHITECTURE.md), the loop shared
 * by MAGPO and the baselines: setup, then per update a rollout with the algorithm's behaviour policy
 * (MAGPO: the guider, the learner's GRU advanced alongside, D-B1), GAE on its values,
 * {@link Algorithm#update}, and after every block of updates an evaluation of its evaluated policy
 * (D-B7: the parameters after the block; MAGPO: the learner alone, decentralised), metrics and an atomic
 * checkpoint. At the end the best parameters are re-evaluated (absolute metric).
 *
 * <p>The reference runs {@code update_batch_size} lanes of {@code num_envs} environments and averages
 * their gradients; here the lanes are one batch of {@code E = num_envs × update_batch_size}
 * environments split into {@code num_minibatches × update_batch_size} minibatches, the same number of
 * tokens per gradient step. Advantages are normalised per minibatch.
 */
public final class Trainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /** File name of the latest checkpoint inside the run directory. */
    public static final String CHECKPOINT_FILE = "checkpoint.bin";

    /** Columns every algorithm's {@code metrics.csv} starts with. */
    private static final List<String> COMMON_COLUMNS = List.of("step", "update", "episode_return", "episode_length");

    /** What a finished run reports. */
    public record Result(long envSteps, long updates, List<Evaluation> evaluations, EvaluationResult absolute) {
    }

    /** One evaluation of the evaluated policy after {@code envSteps} of training. */
    public record Evaluation(long envSteps, long update, double meanReturn, double winRate) {
    }

    private final AlgorithmConfig config;
    private final String taskId;
    private final Path runDir;
    private final EnvSpec spec;
    private final int numEnvs;
    private final int steps;
    private final int agents;

    private final Rng actRng;
    private final Rng evalRng;
    private final VectorEnv envs;
    private final Algorithm algorithm;
    private final RolloutBuffer buffer;
    private final Evaluator evaluator;
    private final ActionBuffer actions;
    private final float[] values;

    private long update;
    private long envSteps;
    private double bestReturn = Double.NEGATIVE_INFINITY;
    private float[] bestParams;
    private final List<Evaluation> evaluations = new ArrayList<>();
    private long metricRows;
    private double rolloutSeconds;
    private double updateSeconds;
    private double evalSeconds;

    /**
     * @param config  hyperparameters and algorithm: a {@link MagpoConfig} (use {@link MagpoConfig#preset}
     *                for a benchmark task) or a {@link org.magpo.algo.PpoConfig} (IPPO, MAPPO, Sable)
     * @param taskId  registry id, e.g. {@code "coordsum:3x30-50"}, for the run's provenance
     * @param factory makes one environment copy (agent ids already prepended if wanted)
     * @param runDir  where config, metrics and checkpoints go (null: no files)
     * @throws IllegalArgumentException on an algorithm/env mismatch or a directory that holds a run
     */
    public Trainer(AlgorithmConfig config, String taskId, Supplier<? extends MultiAgentEnv> factory, Path runDir) {
        this(config, taskId, factory, runDir, false);
    }

    private Trainer(AlgorithmConfig config, String taskId, Supplier<? extends MultiAgentEnv> factory, Path runDir,
                    boolean resuming) {
        if (config == null) {
            throw new IllegalArgumentException("Trainer config must not be null");
        }
        if (runDir != null && !resuming && java.nio.file.Files.exists(runDir.resolve("metrics.csv"))) {
            throw new IllegalArgumentException("run directory " + runDir + " already holds a run (metrics.csv); "
                    + "resume it with Trainer.resume or choose a new directory");
        }
        // one BLAS/OpenMP thread per computing thread unless the user chose otherwise (see NativeThreads)
        org.magpo.nn.NativeThreads.pinDefault();
        this.config = config;
        this.taskId = taskId;
        this.runDir = runDir;
        // The split order is part of a run's identity: changing it changes every seeded result.
        Rng root = new Rng(config.seed());
        Rng firstInit = root.split();
        Rng secondInit = root.split();
        this.actRng = root.split();
        Rng shuffleRng = root.split();
        this.evalRng = root.split();
        long envSeed = root.nextLong();
        long evalSeed = root.nextLong();

        this.numEnvs = config.numEnvs() * config.updateBatchSize();
        this.steps = config.rolloutLength();
        this.envs = new VectorEnv(factory, numEnvs, envSeed, 1);
        this.spec = envs.spec();
        this.agents = spec.numAgents();
        int minibatches = config.numMinibatches() * config.updateBatchSize();
        try {
            this.algorithm = config.create(new TrainingContext(spec, numEnvs, steps, minibatches, firstInit,
                    secondInit, shuffleRng));
        } catch (RuntimeException e) {
            envs.close();
            throw e;
        }
        this.buffer = algorithm.buffer();
        this.evaluator = new Evaluator(factory, config.evalEpisodes(), evalSeed);
        this.actions = new ActionBuffer(spec, numEnvs * agents);
        this.values = new float[numEnvs * agents];
        envs.reset();
    }

    /** The algorithm being trained. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** The task as the environments describe it. */
    public EnvSpec spec() {
        return spec;
    }

    /** MAGPO's guider; IllegalStateException for another algorithm. */
    public Guider guider() {
        return magpo().guider();
    }

    /** MAGPO's learner; IllegalStateException for another algorithm. */
    public Learner learner() {
        return magpo().learner();
    }

    private MagpoAlgorithm magpo() {
        if (algorithm instanceof MagpoAlgorithm m) {
            return m;
        }
        throw new IllegalStateException("this trainer runs " + algorithm.name() + ", not MAGPO");
    }

    /** Runs every remaining update of the config, evaluating after each block; returns the evaluations. */
    public Result train() {
        return train(Long.MAX_VALUE);
    }

    /**
     * Runs updates until {@code stopAfterUpdate} (or the end of the run), evaluating and checkpointing
     * after each block; a later {@link #resume} continues from the last checkpoint.
     */
    public Result train(long stopAfterUpdate) {
        long updates = Math.min(config.numUpdates(), stopAfterUpdate);
        long block = Math.max(1, config.updatesPerEvaluation());
        try (MetricsSink sink = runDir == null ? null : openSink()) {
            long start = System.nanoTime();
            long startSteps = envSteps;
            while (update < updates) {
                Map<String, Double> row = trainOneUpdate();
                if (sink != null) {
                    sink.logTrain(envSteps, row);
                }
                metricRows++;
                if (update % block == 0 || update == config.numUpdates()) {
                    Evaluation ev = evaluate(sink);
                    if (runDir != null) {
                        Checkpointer.save(runDir.resolve(CHECKPOINT_FILE), checkpoint());
                    }
                    double wall = (System.nanoTime() - start) / 1e9;
                    LOG.info(String.format("%s step %,d/%,d | %.0f env-steps/s (rollout %.1fs, update %.1fs, eval %.1fs) "
                                    + "| eval return %.3f | %s", algorithm.name(), envSteps,
                            config.numUpdates() * config.stepsPerUpdate(), (envSteps - startSteps) / wall,
                            rolloutSeconds, updateSeconds, evalSeconds, ev.meanReturn(), algorithm.progress(row)));
                }
            }
            EvaluationResult absolute = null;
            if (config.absoluteMetric() && bestParams != null && update == config.numUpdates()) {
                absolute = absoluteMetric(sink);
            }
            return new Result(envSteps, update, List.copyOf(evaluations), absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics under " + runDir, e);
        }
    }

    /** Seconds spent so far in each phase of training. */
    public record Timings(double rolloutSeconds, double updateSeconds, double evalSeconds) {
    }

    public Timings timings() {
        return new Timings(rolloutSeconds, updateSeconds, evalSeconds);
    }

    /**
     * One update without evaluation: rollout, GAE, the algorithm's epochs (what {@link #train} repeats;
     * public for benchmarks). Returns the row for {@code metrics.csv}.
     */
    public Map<String, Double> trainOneUpdate() {
        long t0 = System.nanoTime();
        double[] episodeStats = collectRollout();
        long t1 = System.nanoTime();
        buffer.computeAdvantages(config.gamma(), config.gaeLambda());
        Map<String, Double> metrics;
        try {
            metrics = algorithm.update(update);
        } catch (NonFiniteLossException e) {
            Path last = runDir == null ? null : runDir.resolve(CHECKPOINT_FILE);
            throw new NonFiniteLossException(e.getMessage() + "; training stopped, last good checkpoint: "
                    + (last == null ? "none (no run directory)"
                    : java.nio.file.Files.exists(last) ? last.toString() : "none yet (" + last + " not written)"));
        }
        long t2 = System.nanoTime();
        rolloutSeconds += (t1 - t0) / 1e9;
        updateSeconds += (t2 - t1) / 1e9;
        update++;
        envSteps += (long) steps * numEnvs;
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("update", (double) update);
        row.put("episode_return", episodeStats[0]);
        row.put("episode_length", episodeStats[1]);
        row.putAll(metrics);
        return row;
    }

    /**
     * T steps of every environment with the algorithm's behaviour policy; fills the rollout buffer,
     * including the memories at rollout start and the bootstrap values.
     *
     * @return mean return and length of the training episodes that ended in this rollout (NaN if none)
     */
    private double[] collectRollout() {
        algorithm.beginRollout();
        double returnSum = 0;
        double lengthSum = 0;
        int finished = 0;
        for (int t = 0; t < steps; t++) {
            buffer.recordObservation(t, envs);
            algorithm.act(envs, t, actRng, actions, values);
            if (actions.isDiscrete()) {
                buffer.recordActions(t, actions.discrete, actions.logProb, values);
                envs.step(actions.discrete);
            } else {
                buffer.recordActions(t, actions.continuous, actions.logProb, values);
                envs.step(actions.continuous);
            }
            buffer.recordTransition(t, envs);
            for (int e = 0; e < numEnvs; e++) {
                if (envs.stepType[e] == StepType.LAST) {
                    returnSum += envs.finishedReturn[e];
                    lengthSum += envs.finishedLength[e];
                    finished++;
                }
            }
        }
        algorithm.bootstrap(envs, buffer.bootstrapValue);
        return finished == 0 ? new double[] {Double.NaN, Double.NaN}
                : new double[] {returnSum / finished, lengthSum / finished};
    }

    private EvaluationResult runEvaluation(int episodes) {
        EvaluationPolicy policy = algorithm.evaluationPolicy();
        if (policy instanceof EvaluationPolicy.Decentralized d) {
            return evaluator.evaluate(d.policy(), episodes, config.evaluationGreedy(), evalRng);
        }
        return evaluator.evaluate(((EvaluationPolicy.Centralized) policy).policy(), episodes, evalRng);
    }

    private Evaluation evaluate(MetricsSink sink) {
        long t0 = System.nanoTime();
        EvaluationResult r = runEvaluation(config.evalEpisodes());
        evalSeconds += (System.nanoTime() - t0) / 1e9;
        Evaluation ev = new Evaluation(envSteps, update, r.meanReturn(), r.winRate());
        evaluations.add(ev);
        // Ties go to the later parameters, as the reference's "<=".
        if (bestReturn <= r.meanReturn()) {
            bestReturn = r.meanReturn();
            bestParams = algorithm.evaluatedParameters();
        }
        if (sink != null) {
            sink.logEval(envSteps, evalMetrics(r));
        }
        return ev;
    }

    private EvaluationResult absoluteMetric(MetricsSink sink) {
        float[] current = algorithm.evaluatedParameters();
        algorithm.loadEvaluatedParameters(bestParams);
        EvaluationResult r = runEvaluation(config.absoluteMetricEpisodes());
        algorithm.loadEvaluatedParameters(current);
        LOG.info(String.format("absolute metric (best %s, %d episodes): return %.3f ± %.3f%s", algorithm.name(),
                r.episodes(), r.meanReturn(), r.standardError(),
                hasWinCondition() ? String.format(", win rate %.3f", r.winRate()) : ""));
        if (sink != null) {
            sink.logAbsolute(evalMetrics(r));
        }
        return r;
    }

    /** SMAX episodes are won or lost; elsewhere the "every reward >= 1" rule means nothing. */
    private boolean hasWinCondition() {
        return taskId.startsWith("smax:");
    }

    private Map<String, double[]> evalMetrics(EvaluationResult r) {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("episode_return", r.episodeReturns());
        m.put("episode_length", java.util.Arrays.stream(r.episodeLengths()).asDoubleStream().toArray());
        double[] won = new double[r.episodes()];
        for (int i = 0; i < won.length; i++) {
            won[i] = r.won()[i] ? 1 : 0;
        }
        if (hasWinCondition()) {
            m.put("win_rate", won);
        }
        return m;
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * Everything a resumed run needs to continue bit-identically: the algorithm's networks, optimiser
     * states, acting memories and shuffle stream, the acting and evaluation random streams, the
     * environments (reset streams and the actions of their current episodes, replayed on restore),
     * counters and the best parameters.
     */
    Checkpoint checkpoint() {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        Map<String, long[]> longs = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        algorithm.save(arrays, longs, counters);
        if (bestParams != null) {
            arrays.put("best/" + algorithm.evaluatedName(), bestParams);
        }
        longs.put("rng/act", actRng.state());
        longs.put("rng/eval", evalRng.state());
        putEnvs(arrays, longs, "envs", envs.snapshot());
        putEnvs(arrays, longs, "eval_envs", evaluator.snapshot());
        long[] evalSteps = new long[evaluations.size()];
        long[] evalUpdates = new long[evaluations.size()];
        long[] evalReturns = new long[evaluations.size()];
        long[] evalWins = new long[evaluations.size()];
        for (int i = 0; i < evalSteps.length; i++) {
            Evaluation ev = evaluations.get(i);
            evalSteps[i] = ev.envSteps();
            evalUpdates[i] = ev.update();
            evalReturns[i] = Double.doubleToRawLongBits(ev.meanReturn());
            evalWins[i] = Double.doubleToRawLongBits(ev.winRate());
        }
        longs.put("evaluations/env_steps", evalSteps);
        longs.put("evaluations/update", evalUpdates);
        longs.put("evaluations/mean_return", evalReturns);
        longs.put("evaluations/win_rate", evalWins);
        counters.put("update", update);
        counters.put("env_steps", envSteps);
        counters.put("metric_rows", metricRows);
        counters.put("best_return_bits", Double.doubleToRawLongBits(bestReturn));
        return new Checkpoint(config.toJson(), arrays, longs, counters);
    }

    private static void putEnvs(Map<String, float[]> arrays, Map<String, long[]> longs, String name,
                                VectorEnv.Snapshot s) {
        longs.put(name + "/streams", s.streamStates());
        longs.put(name + "/episode_seeds", s.episodeSeeds());
        longs.put(name + "/episode_steps", java.util.Arrays.stream(s.episodeSteps()).asLongStream().toArray());
        longs.put(name + "/discrete_actions", java.util.Arrays.stream(s.discreteActions()).asLongStream().toArray());
        arrays.put(name + "/continuous_actions", s.continuousActions());
    }

    private static VectorEnv.Snapshot envSnapshot(Checkpoint c, String name) {
        return new VectorEnv.Snapshot(c.rngState(name + "/streams"), c.rngState(name + "/episode_seeds"),
                toInts(c.rngState(name + "/episode_steps")), toInts(c.rngState(name + "/discrete_actions")),
                c.array(name + "/continuous_actions"));
    }

    private static int[] toInts(long[] v) {
        return java.util.Arrays.stream(v).mapToInt(Math::toIntExact).toArray();
    }

    /** Restores the state saved by {@link #checkpoint()} into this freshly built trainer. */
    private void restore(Checkpoint c) {
        algorithm.restore(c.arrays(), c.rngStates(), c.counters());
        String best = "best/" + algorithm.evaluatedName();
        bestParams = c.arrays().containsKey(best) ? c.array(best) : null;
        actRng.setState(c.rngState("rng/act"));
        evalRng.setState(c.rngState("rng/eval"));
        envs.restore(envSnapshot(c, "envs"));
        evaluator.restore(envSnapshot(c, "eval_envs"));
        long[] steps = c.rngState("evaluations/env_steps");
        long[] updates = c.rngState("evaluations/update");
        long[] returns = c.rngState("evaluations/mean_return");
        long[] wins = c.rngState("evaluations/win_rate");
        evaluations.clear();
        for (int i = 0; i < steps.length; i++) {
            evaluations.add(new Evaluation(steps[i], updates[i], Double.longBitsToDouble(returns[i]),
                    Double.longBitsToDouble(wins[i])));
        }
        update = c.counter("update");
        envSteps = c.counter("env_steps");
        metricRows = c.counter("metric_rows");
        bestReturn = Double.longBitsToDouble(c.counter("best_return_bits"));
    }

    /**
     * Continues the run saved in {@code runDir} (any built-in algorithm): rebuilds the trainer from the
     * checkpoint's config, restores every piece of state, and trims the metric files to what the
     * checkpoint had seen, so that the finished run's files equal an uninterrupted run's.
     *
     * @param factory makes one environment copy of the same task
     */
    public static Trainer resume(Path runDir, String taskId, Supplier<? extends MultiAgentEnv> factory)
            throws IOException {
        Checkpoint c = Checkpointer.load(runDir.resolve(CHECKPOINT_FILE));
        AlgorithmConfig config = AlgorithmConfig.fromJson(c.configJson());
        Trainer t = new Trainer(config, taskId, factory, runDir, true);
        t.restore(c);
        MetricsSink.truncate(runDir, t.metricRows, t.evaluations.size());
        LOG.info("resumed {} {} at update {} ({} env steps) from {}", config.algorithmName(), taskId, t.update,
                t.envSteps, runDir.resolve(CHECKPOINT_FILE));
        return t;
    }

    private MetricsSink openSink() throws IOException {
        String family = taskId.contains(":") ? taskId.substring(0, taskId.indexOf(':')) : taskId;
        String task = taskId.contains(":") ? taskId.substring(taskId.indexOf(':') + 1) : taskId;
        RunProvenance.write(runDir, taskId, config);
        List<String> columns = new ArrayList<>(COMMON_COLUMNS);
        columns.addAll(algorithm.metricNames());
        return new MetricsSink(runDir, new MetricsSink.RunId(family, task, algorithm.name(), config.seed()), columns);
    }

    @Override
    public void close() {
        envs.close();
        evaluator.close();
    }
}
