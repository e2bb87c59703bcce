package org.magpo.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.magpo.algo.Magpo;
import org.magpo.algo.MagpoConfig;
import org.magpo.algo.NonFiniteLossException;
import org.magpo.env.EnvSpec;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.StepType;
import org.magpo.env.VectorEnv;
import org.magpo.nn.HostView;
import org.magpo.nn.Rng;
import org.magpo.policy.ActionBuffer;
import org.magpo.policy.Guider;
import org.magpo.policy.Learner;
import org.magpo.rollout.RolloutBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains MAGPO on one task, top to bottom (ALGORITHM.md §1.2, ARCHITECTURE.md): setup, then per
 * update a rollout with the guider as behaviour policy (the learner's GRU advanced alongside, D-B1),
 * GAE on the guider's values, {@link Magpo#update} (both networks, lock-step), and after every block
 * of updates an evaluation of the learner alone (D-B7: the parameters after the block), metrics and
 * an atomic checkpoint. At the end the best parameters are re-evaluated (absolute metric).
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

    /** What a finished run reports. */
    public record Result(long envSteps, long updates, List<Evaluation> evaluations, EvaluationResult absolute) {
    }

    /** One evaluation of the learner after {@code envSteps} of training. */
    public record Evaluation(long envSteps, long update, double meanReturn, double winRate) {
    }

    private final MagpoConfig config;
    private final String taskId;
    private final Path runDir;
    private final EnvSpec spec;
    private final int numEnvs;
    private final int steps;
    private final int agents;

    private final Rng actRng;
    private final Rng evalRng;
    private final VectorEnv envs;
    private final Guider guider;
    private final Learner learner;
    private final Magpo magpo;
    private final RolloutBuffer buffer;
    private final Evaluator evaluator;
    private final ActionBuffer actions;
    private final float[] values;
    private final boolean[] agentResets;
    private final INDArray learnerHidden;

    private long update;
    private long envSteps;
    private double bestReturn = Double.NEGATIVE_INFINITY;
    private float[] bestLearnerParams;
    private final List<Evaluation> evaluations = new ArrayList<>();
    private long metricRows;
    private double rolloutSeconds;
    private double updateSeconds;
    private double evalSeconds;

    /**
     * @param config  hyperparameters (use {@link MagpoConfig#preset} for a benchmark task)
     * @param taskId  registry id, e.g. {@code "coordsum:3x30-50"}, for the run's provenance
     * @param factory makes one environment copy (agent ids already prepended if wanted)
     * @param runDir  where config, metrics and checkpoints go (null: no files)
     */
    public Trainer(MagpoConfig config, String taskId, Supplier<? extends MultiAgentEnv> factory, Path runDir) {
        this(config, taskId, factory, runDir, false);
    }

    private Trainer(MagpoConfig config, String taskId, Supplier<? extends MultiAgentEnv> factory, Path runDir,
                    boolean resuming) {
        if (runDir != null && !resuming && java.nio.file.Files.exists(runDir.resolve("metrics.csv"))) {
            throw new IllegalArgumentException("run directory " + runDir + " already holds a run (metrics.csv); "
                    + "resume it with Trainer.resume or choose a new directory");
        }
        if (config.learnerPreTorsoWidth() != config.learnerGruWidth()
                || config.learnerPostTorsoWidth() != config.learnerGruWidth()) {
            throw new IllegalArgumentException("the learner network has one width for its pre-torso, GRU and post-torso "
                    + "(128 in the reference); got learnerPreTorsoWidth " + config.learnerPreTorsoWidth()
                    + ", learnerGruWidth " + config.learnerGruWidth() + ", learnerPostTorsoWidth "
                    + config.learnerPostTorsoWidth());
        }
        this.config = config;
        this.taskId = taskId;
        this.runDir = runDir;
        Rng root = new Rng(config.seed());
        Rng guiderInit = root.split();
        Rng learnerInit = root.split();
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
        int tokensPerMinibatch = numEnvs / minibatches * steps * agents;
        this.guider = new Guider(spec, config.embedDim(), config.nBlock(), config.nHead(),
                config.decayScalingFactor(), config.timestepPositionalEncoding(), numEnvs, tokensPerMinibatch,
                DataType.FLOAT, guiderInit);
        this.learner = new Learner(spec, config.learnerGruWidth(), tokensPerMinibatch, DataType.FLOAT, learnerInit);
        this.buffer = new RolloutBuffer(spec, steps, numEnvs, guider.memorySize(), agents * learner.hiddenSize());
        MagpoConfig laneFolded = config.toBuilder().numEnvs(numEnvs).numMinibatches(minibatches).updateBatchSize(1)
                .build();
        this.magpo = new Magpo(laneFolded, guider, learner, buffer, shuffleRng, true);
        this.evaluator = new Evaluator(factory, config.evalEpisodes(), evalSeed);
        this.actions = new ActionBuffer(spec, numEnvs * agents);
        this.values = new float[numEnvs * agents];
        this.agentResets = new boolean[numEnvs * agents];
        this.learnerHidden = learner.initialState(numEnvs * agents);
        envs.reset();
        LOG.info("MAGPO on {}: N={}, obsDim={}, {} actions; E={} envs x T={} steps, {} updates; guider {} params, "
                        + "learner {} params", taskId, agents, spec.obsDim(), spec.actionSpace(), numEnvs, steps,
                config.numUpdates(), guider.parameters().size(), learner.network().parameters().size());
    }

    public Guider guider() {
        return guider;
    }

    public Learner learner() {
        return learner;
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
                    Evaluation ev = evaluateLearner(sink);
                    if (runDir != null) {
                        Checkpointer.save(runDir.resolve(CHECKPOINT_FILE), checkpoint());
                    }
                    double wall = (System.nanoTime() - start) / 1e9;
                    LOG.info(String.format("step %,d/%,d | %.0f env-steps/s (rollout %.1fs, update %.1fs, eval %.1fs) "
                                    + "| eval return %.3f | guider %.4f learner %.4f | KL %.4f | clip %.3f | δ-mask %.3f",
                            envSteps, config.numUpdates() * config.stepsPerUpdate(), (envSteps - startSteps) / wall, rolloutSeconds,
                            updateSeconds, evalSeconds, ev.meanReturn(), row.get("guider_loss"),
                            row.get("learner_loss"), row.get("kl"), row.get("clip_fraction"),
                            row.get("delta_mask_fraction")));
                }
            }
            EvaluationResult absolute = null;
            if (config.absoluteMetric() && bestLearnerParams != null && update == config.numUpdates()) {
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
     * One update without evaluation: rollout, GAE, MAGPO epochs (what {@link #train} repeats; public for
     * benchmarks). Returns the row for {@code metrics.csv}.
     */
    public Map<String, Double> trainOneUpdate() {
        long t0 = System.nanoTime();
        double[] episodeStats = collectRollout();
        long t1 = System.nanoTime();
        buffer.computeAdvantages(config.gamma(), config.gaeLambda());
        Magpo.UpdateStats s;
        try {
            s = magpo.update(buffer, update);
        } catch (NonFiniteLossException e) {
            throw new NonFiniteLossException(e.getMessage() + "; training stopped, last good checkpoint: "
                    + (runDir == null ? "none (no run directory)" : runDir.resolve(CHECKPOINT_FILE)));
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
        row.put("guider_loss", s.guiderLoss());
        row.put("clip_loss", s.clipLoss());
        row.put("guider_kl", s.guiderKl());
        row.put("entropy", s.entropy());
        row.put("value_loss", s.valueLoss());
        row.put("learner_loss", s.learnerLoss());
        row.put("learner_rl", s.learnerRl());
        row.put("kl", s.learnerKl());
        row.put("clip_fraction", s.clipFraction());
        row.put("delta_mask_fraction", s.deltaMaskFraction());
        row.put("approx_kl", s.approxKl());
        row.put("grad_norm_guider", s.gradNormGuider());
        row.put("grad_norm_learner", s.gradNormLearner());
        row.put("learning_rate", s.learningRate());
        return row;
    }

    /**
     * T steps of every environment with the guider acting (agents 0..N−1) and the learner's GRU advanced
     * on the same observations; fills the rollout buffer, including both memories at rollout start and
     * the bootstrap values.
     *
     * @return mean return and length of the training episodes that ended in this rollout (NaN if none)
     */
    private double[] collectRollout() {
        guider.saveMemory(buffer.guiderMemory);
        copyHidden(learnerHidden, buffer.learnerState);
        double returnSum = 0;
        double lengthSum = 0;
        int finished = 0;
        for (int t = 0; t < steps; t++) {
            buffer.recordObservation(t, envs);
            for (int e = 0; e < numEnvs; e++) {
                java.util.Arrays.fill(agentResets, e * agents, (e + 1) * agents, envs.episodeStart[e]);
            }
            guider.act(envs.obs, envs.actionMask, envs.stepCount, envs.episodeStart, actRng, actions, values);
            learner.advance(envs.obs, agentResets, learnerHidden);
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
        guider.peekValue(envs.obs, envs.stepCount, envs.episodeStart, buffer.bootstrapValue);
        return finished == 0 ? new double[] {Double.NaN, Double.NaN}
                : new double[] {returnSum / finished, lengthSum / finished};
    }

    /** Copies an 'f'-ordered {@code [rows, H]} state into a row-major {@code [rows * H]} array. */
    private static void copyHidden(INDArray hidden, float[] dst) {
        int rows = (int) hidden.size(0);
        int h = (int) hidden.size(1);
        HostView v = HostView.of(hidden);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < h; c++) {
                dst[r * h + c] = (float) v.get(r + c * rows);
            }
        }
    }

    private Evaluation evaluateLearner(MetricsSink sink) {
        long t0 = System.nanoTime();
        EvaluationResult r = evaluator.evaluate(learner, config.evalEpisodes(), config.evaluationGreedy(), evalRng);
        evalSeconds += (System.nanoTime() - t0) / 1e9;
        Evaluation ev = new Evaluation(envSteps, update, r.meanReturn(), r.winRate());
        evaluations.add(ev);
        // Ties go to the later parameters, as the reference's "<=".
        if (bestReturn <= r.meanReturn()) {
            bestReturn = r.meanReturn();
            bestLearnerParams = learner.network().parameters().values().toFloatVector();
        }
        if (sink != null) {
            sink.logEval(envSteps, evalMetrics(r));
        }
        return ev;
    }

    private EvaluationResult absoluteMetric(MetricsSink sink) {
        INDArray values = learner.network().parameters().values();
        float[] current = values.toFloatVector();
        values.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(bestLearnerParams));
        EvaluationResult r = evaluator.evaluate(learner, config.absoluteMetricEpisodes(), config.evaluationGreedy(),
                evalRng);
        values.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(current));
        LOG.info(String.format("absolute metric (best learner, %d episodes): return %.3f ± %.3f%s", r.episodes(),
                r.meanReturn(), r.standardError(), hasWinCondition() ? String.format(", win rate %.3f", r.winRate()) : ""));
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
     * Everything a resumed run needs to continue bit-identically: both networks' parameters and Adam
     * states, the acting memories, every random stream, the environments (reset streams and the
     * actions of their current episodes, replayed on restore), counters and the best parameters.
     */
    Checkpoint checkpoint() {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        Map<String, long[]> longs = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        putNetwork(arrays, counters, "guider", guider.parameters(), magpo.guiderOptimizer());
        putNetwork(arrays, counters, "learner", learner.network().parameters(), magpo.learnerOptimizer());
        float[] memory = new float[numEnvs * guider.memorySize()];
        guider.saveMemory(memory);
        arrays.put("guider/memory", memory);
        float[] hidden = new float[(int) learnerHidden.length()];
        copyHidden(learnerHidden, hidden);
        arrays.put("learner/hidden", hidden);
        if (bestLearnerParams != null) {
            arrays.put("best/learner", bestLearnerParams);
        }
        longs.put("rng/act", actRng.state());
        longs.put("rng/shuffle", magpo.shuffleRng().state());
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

    private static void putNetwork(Map<String, float[]> arrays, Map<String, Long> counters, String name,
                                   org.magpo.nn.Parameters params, org.magpo.nn.Adam opt) {
        arrays.put(name + "/params", params.values().toFloatVector());
        arrays.put(name + "/adam_m", opt.firstMoment().toFloatVector());
        arrays.put(name + "/adam_v", opt.secondMoment().toFloatVector());
        counters.put(name + "/adam_steps", opt.steps());
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

    private static void loadNetwork(Checkpoint c, String name, org.magpo.nn.Parameters params, org.magpo.nn.Adam opt) {
        assign(params.values(), c.array(name + "/params"), name + "/params");
        assign(opt.firstMoment(), c.array(name + "/adam_m"), name + "/adam_m");
        assign(opt.secondMoment(), c.array(name + "/adam_v"), name + "/adam_v");
        opt.setSteps(c.counter(name + "/adam_steps"));
    }

    private static void assign(INDArray target, float[] values, String what) {
        if (target.length() != values.length) {
            throw new IllegalStateException("checkpoint entry " + what + " has " + values.length
                    + " values, the network expects " + target.length() + " (different task or network size?)");
        }
        HostView v = HostView.of(target);
        for (int i = 0; i < values.length; i++) {
            v.set(i, values[i]);
        }
    }

    /** Restores the state saved by {@link #checkpoint()} into this freshly built trainer. */
    private void restore(Checkpoint c) {
        loadNetwork(c, "guider", guider.parameters(), magpo.guiderOptimizer());
        loadNetwork(c, "learner", learner.network().parameters(), magpo.learnerOptimizer());
        guider.loadMemory(c.array("guider/memory"));
        float[] hidden = c.array("learner/hidden");
        if (hidden.length != learnerHidden.length()) {
            throw new IllegalStateException("checkpoint entry learner/hidden has " + hidden.length + " values, expected "
                    + learnerHidden.length());
        }
        int rows = (int) learnerHidden.size(0);
        int h = (int) learnerHidden.size(1);
        HostView hv = HostView.of(learnerHidden);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < h; k++) {
                hv.set(r + k * rows, hidden[r * h + k]);
            }
        }
        bestLearnerParams = c.arrays().containsKey("best/learner") ? c.array("best/learner") : null;
        actRng.setState(c.rngState("rng/act"));
        magpo.shuffleRng().setState(c.rngState("rng/shuffle"));
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
     * Continues the run saved in {@code runDir}: rebuilds the trainer from the checkpoint's config,
     * restores every piece of state, and trims the metric files to what the checkpoint had seen, so
     * that the finished run's files equal an uninterrupted run's.
     *
     * @param factory makes one environment copy of the same task
     */
    public static Trainer resume(Path runDir, String taskId, Supplier<? extends MultiAgentEnv> factory)
            throws IOException {
        Checkpoint c = Checkpointer.load(runDir.resolve(CHECKPOINT_FILE));
        MagpoConfig config = MagpoConfig.fromJson(c.configJson());
        Trainer t = new Trainer(config, taskId, factory, runDir, true);
        t.restore(c);
        MetricsSink.truncate(runDir, t.metricRows, t.evaluations.size());
        LOG.info("resumed {} at update {} ({} env steps) from {}", taskId, t.update, t.envSteps,
                runDir.resolve(CHECKPOINT_FILE));
        return t;
    }

    private MetricsSink openSink() throws IOException {
        String family = taskId.contains(":") ? taskId.substring(0, taskId.indexOf(':')) : taskId;
        String task = taskId.contains(":") ? taskId.substring(taskId.indexOf(':') + 1) : taskId;
        RunProvenance.write(runDir, taskId, config);
        return new MetricsSink(runDir, new MetricsSink.RunId(family, task, "magpo", config.seed()));
    }

    @Override
    public void close() {
        envs.close();
        evaluator.close();
    }
}
