package org.magpo.algo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magpo.dist.ActionDistribution;
import org.magpo.env.EnvSpec;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Adam;
import org.magpo.nn.GlobalNormClip;
import org.magpo.nn.LearningRate;
import org.magpo.nn.Rng;
import org.magpo.nn.RowBuffer;
import org.magpo.policy.ActionBuffer;
import org.magpo.policy.Guider;
import org.magpo.rollout.Minibatch;
import org.magpo.rollout.MinibatchPlan;
import org.magpo.rollout.RolloutBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sable alone (Mava's {@code rec_sable}, ALGORITHM.md §3.4): MAGPO's guider network — the retention
 * encoder-decoder with a value per agent — trained by itself with plain PPO, {@code L = L_clip − c_ent·H
 * + c_vf·L_V} ({@link PpoLoss}, {@link ClippedValueLoss}), one clipped Adam step per minibatch, agents
 * re-decoded in a random order each epoch (as the reference), memories kept with their own environment
 * (D-B2). It acts, and is evaluated, centrally: a second guider sized for the evaluation environments
 * receives the trained parameters before each evaluation.
 */
public final class SablePpo implements Algorithm {
    private static final Logger LOG = LoggerFactory.getLogger(SablePpo.class);

    /** Per-update metric names. */
    public static final List<String> METRICS = List.of("total_loss", "clip_loss", "entropy", "value_loss",
            "clip_fraction", "approx_kl", "grad_norm", "learning_rate");

    private final PpoConfig config;
    private final Guider sable;
    private final Guider evalSable;
    private final RolloutBuffer buffer;
    private final MinibatchPlan plan;
    private final Minibatch minibatch;
    private final Adam opt;
    private final GlobalNormClip clip;
    private final PpoLoss policyLoss;
    private final PpoLoss.Coefficients coef;
    private final ClippedValueLoss valueLoss;
    private final RowBuffer valueGrad;
    private final Rng shuffleRng;
    private final TrainedNetwork state;
    private final int numEnvs;

    /** @throws IllegalArgumentException when {@code config} is not SABLE */
    public SablePpo(PpoConfig config, TrainingContext ctx) {
        if (config.system() != PpoConfig.Baseline.SABLE) {
            throw new IllegalArgumentException("SablePpo runs system SABLE, got " + config.system());
        }
        EnvSpec spec = ctx.spec();
        this.config = config;
        this.numEnvs = ctx.envs();
        int tokens = ctx.tokensPerMinibatch();
        this.sable = new Guider(spec, config.embedDim(), config.nBlock(), config.nHead(), config.decayScalingFactor(),
                config.timestepPositionalEncoding(), numEnvs, tokens, DataType.FLOAT, ctx.firstInit());
        // Its initial values are overwritten before every evaluation; the random stream is a throwaway.
        this.evalSable = new Guider(spec, config.embedDim(), config.nBlock(), config.nHead(),
                config.decayScalingFactor(), config.timestepPositionalEncoding(), config.evalEpisodes(),
                spec.numAgents(), DataType.FLOAT, new Rng(0));
        this.buffer = new RolloutBuffer(spec, ctx.steps(), numEnvs, sable.memorySize(), 0);
        this.plan = new MinibatchPlan(numEnvs, spec.numAgents(), ctx.minibatches());
        this.minibatch = new Minibatch(buffer, plan);
        LearningRate lr = config.decayLearningRates()
                ? LearningRate.linearDecay(config.actorLr(), config.numUpdates(),
                        (long) config.ppoEpochs() * ctx.minibatches())
                : LearningRate.constant(config.actorLr());
        this.opt = new Adam(sable.parameters(), lr);
        this.clip = new GlobalNormClip(config.maxGradNorm());
        this.policyLoss = new PpoLoss(tokens);
        this.coef = new PpoLoss.Coefficients(config.clipEps(), config.entCoef());
        this.valueLoss = new ClippedValueLoss(tokens);
        this.valueGrad = new RowBuffer(DataType.FLOAT, tokens, 1);
        this.shuffleRng = ctx.shuffleRng();
        this.state = new TrainedNetwork("sable", sable.parameters(), opt);
        LOG.info("sable on {}: N={}, obsDim={}, {} actions; E={} envs x T={} steps, {} updates; {} params",
                spec.taskId(), spec.numAgents(), spec.obsDim(), spec.actionSpace(), numEnvs, ctx.steps(),
                config.numUpdates(), sable.parameters().size());
    }

    public Guider network() {
        return sable;
    }

    @Override
    public String name() {
        return "sable";
    }

    @Override
    public RolloutBuffer buffer() {
        return buffer;
    }

    @Override
    public void beginRollout() {
        sable.saveMemory(buffer.guiderMemory);
    }

    @Override
    public void act(VectorEnv envs, int t, Rng rng, ActionBuffer actions, float[] values) {
        sable.act(envs.obs, envs.actionMask, envs.stepCount, envs.episodeStart, rng, actions, values);
    }

    @Override
    public void bootstrap(VectorEnv envs, float[] values) {
        sable.peekValue(envs.obs, envs.stepCount, envs.episodeStart, values);
    }

    @Override
    public Map<String, Double> update(long update) {
        int steps = buffer.steps();
        int b = plan.envsPerMinibatch();
        double[] sum = new double[7];
        int count = 0;
        double lrNow = opt.currentLearningRate();
        for (int epoch = 0; epoch < config.ppoEpochs(); epoch++) {
            plan.newEpoch(shuffleRng, true);
            for (int k = 0; k < plan.numMinibatches(); k++) {
                minibatch.gather(buffer, plan, k);
                sable.parameters().zeroGrads();
                ActionDistribution<?> mu = sable.forward(minibatch.obsTokens, minibatch.discreteActions,
                        minibatch.continuousActions, minibatch.maskTokens, minibatch.stepCountTokens,
                        minibatch.resetTokens, minibatch.guiderMemory, b, steps);
                if (mu instanceof org.magpo.dist.TanhGaussian g) {
                    // The continuous entropy is a one-sample estimate (Normal entropy + tanh log-det at a sample).
                    g.drawEntropyNoise(shuffleRng);
                }
                PpoLoss.Terms p = buffer.isDiscrete()
                        ? policyLoss.compute(ActionDistribution.typed(mu), minibatch.discreteActions, minibatch.oldLogProb,
                                minibatch.normalizedAdvantage, coef)
                        : policyLoss.compute(ActionDistribution.typed(mu), minibatch.continuousActions, minibatch.oldLogProb,
                                minibatch.normalizedAdvantage, coef);
                double lv = valueLoss.compute(sable.trainingValues(), minibatch.oldValue, minibatch.returns,
                        config.clipEps(), config.vfCoef());
                double total = p.total() + config.vfCoef() * lv;
                NonFiniteLossException.requireFinite(update, epoch, k, "sable loss", total);
                INDArray dValue = valueGrad.rows(minibatch.tokens());
                valueLoss.writeGrad(dValue);
                sable.backward(dValue);
                double norm = clip.clip(sable.parameters());
                NonFiniteLossException.requireFinite(update, epoch, k, "sable gradient norm", norm);
                opt.step();
                double[] v = {total, p.clipLoss(), p.entropy(), lv, p.clipFraction(), p.approxKl(), norm};
                for (int i = 0; i < v.length; i++) {
                    sum[i] += v[i];
                }
                count++;
            }
        }
        Map<String, Double> row = new LinkedHashMap<>();
        for (int i = 0; i < sum.length; i++) {
            row.put(METRICS.get(i), sum[i] / count);
        }
        row.put("learning_rate", lrNow);
        return row;
    }


    @Override
    public List<String> metricNames() {
        return METRICS;
    }

    @Override
    public String progress(Map<String, Double> m) {
        return String.format("loss %.4f | value %.4f | entropy %.3f | clip %.3f", m.get("total_loss"),
                m.get("value_loss"), m.get("entropy"), m.get("clip_fraction"));
    }

    /** The evaluation copy of the network with the current parameters (its memory is reset per episode). */
    @Override
    public EvaluationPolicy evaluationPolicy() {
        evalSable.parameters().values().assign(sable.parameters().values());
        return new EvaluationPolicy.Centralized(evalSable);
    }

    @Override
    public float[] evaluatedParameters() {
        return sable.parameters().values().toFloatVector();
    }

    @Override
    public void loadEvaluatedParameters(float[] params) {
        sable.parameters().values().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(params));
    }

    @Override
    public String evaluatedName() {
        return "sable";
    }

    @Override
    public void save(Map<String, float[]> arrays, Map<String, long[]> longs, Map<String, Long> counters) {
        state.save(arrays, counters);
        float[] memory = new float[numEnvs * sable.memorySize()];
        sable.saveMemory(memory);
        arrays.put("sable/memory", memory);
        longs.put("rng/shuffle", shuffleRng.state());
    }

    @Override
    public void restore(Map<String, float[]> arrays, Map<String, long[]> longs, Map<String, Long> counters) {
        state.restore(arrays, counters);
        sable.loadMemory(TrainedNetwork.entry(arrays, "sable/memory"));
        shuffleRng.setState(TrainedNetwork.entry(longs, "rng/shuffle"));
    }
}
