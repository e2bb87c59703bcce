package org.magpo.algo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magpo.dist.ActionDistribution;
import org.magpo.env.EnvSpec;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Adam;
import org.magpo.nn.GlobalNormClip;
import org.magpo.nn.HostView;
import org.magpo.nn.LearningRate;
import org.magpo.nn.Parameters;
import org.magpo.nn.Rng;
import org.magpo.nn.RowBuffer;
import org.magpo.policy.ActionBuffer;
import org.magpo.policy.Learner;
import org.magpo.policy.RecurrentCritic;
import org.magpo.policy.RecurrentState;
import org.magpo.rollout.Minibatch;
import org.magpo.rollout.MinibatchPlan;
import org.magpo.rollout.RolloutBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rec-IPPO and rec-MAPPO (Mava's recurrent PPO systems, ALGORITHM.md §3.4): the learner network
 * ({@link Learner}: MLP-GRU-MLP, parameter-shared, agent id) is both the behaviour and the evaluated
 * policy; a {@link RecurrentCritic} gives one value per agent, on local observations (IPPO) or on the
 * global state (MAPPO). Each epoch shuffles the environments (agents keep their order), and each
 * minibatch takes one clipped Adam step on the actor ({@link PpoLoss}: PPO-clip − c_ent·H) and one on
 * the critic (c_vf · {@link ClippedValueLoss}), both re-run from the GRU states stored at rollout start.
 *
 * <p>The rollout buffer's {@code learnerState} holds the actor's GRU state and its
 * {@code guiderMemory} the critic's ({@code [E, N, H]} each) at rollout start.
 */
public final class RecurrentPpo implements Algorithm {
    private static final Logger LOG = LoggerFactory.getLogger(RecurrentPpo.class);

    /** Per-update metric names. */
    public static final List<String> METRICS = List.of("actor_loss", "clip_loss", "entropy", "value_loss",
            "clip_fraction", "approx_kl", "grad_norm_actor", "grad_norm_critic", "learning_rate");

    private final PpoConfig config;
    private final int numEnvs;
    private final int steps;
    private final int agents;
    private final Learner actor;
    private final RecurrentCritic critic;
    private final RolloutBuffer buffer;
    private final MinibatchPlan plan;
    private final Minibatch minibatch;
    private final Adam actorOpt;
    private final Adam criticOpt;
    private final GlobalNormClip clip;
    private final PpoLoss policyLoss;
    private final PpoLoss.Coefficients coef;
    private final ClippedValueLoss valueLoss;
    private final Rng shuffleRng;
    private final boolean[] agentResets;
    private final INDArray actorHidden;
    private final INDArray criticHidden;
    private final float[] stepInputs;
    /** Critic inputs of the rollout {@code [T, E, N, inputDim]} (MAPPO only; IPPO reads the observations). */
    private final float[] rolloutInputs;
    private final INDArray criticIn;
    private final INDArray criticH0;
    private final RowBuffer valueGradRows;
    private final double[] tokenValues;
    private final TrainedNetwork actorState;
    private final TrainedNetwork criticState;

    /** @throws IllegalArgumentException when {@code config} is not IPPO or MAPPO */
    public RecurrentPpo(PpoConfig config, TrainingContext ctx) {
        if (config.system() == PpoConfig.Baseline.SABLE) {
            throw new IllegalArgumentException("RecurrentPpo runs IPPO and MAPPO; system SABLE runs in SablePpo");
        }
        EnvSpec spec = ctx.spec();
        this.config = config;
        this.numEnvs = ctx.envs();
        this.steps = ctx.steps();
        this.agents = spec.numAgents();
        int tokens = ctx.tokensPerMinibatch();
        int h = config.hiddenWidth();
        this.actor = new Learner(spec, h, tokens, DataType.FLOAT, ctx.firstInit());
        RecurrentCritic.Input input = config.system() == PpoConfig.Baseline.MAPPO
                ? RecurrentCritic.Input.CENTRAL : RecurrentCritic.Input.LOCAL;
        this.critic = new RecurrentCritic(spec, input, h, tokens, DataType.FLOAT, ctx.secondInit());
        this.buffer = new RolloutBuffer(spec, steps, numEnvs, agents * h, agents * h);
        this.plan = new MinibatchPlan(numEnvs, agents, ctx.minibatches());
        this.minibatch = new Minibatch(buffer, plan);
        long stepsPerUpdate = (long) config.ppoEpochs() * ctx.minibatches();
        this.actorOpt = new Adam(actor.network().parameters(), learningRate(config.actorLr(), stepsPerUpdate));
        this.criticOpt = new Adam(critic.parameters(), learningRate(config.criticLr(), stepsPerUpdate));
        this.clip = new GlobalNormClip(config.maxGradNorm());
        this.policyLoss = new PpoLoss(tokens);
        this.coef = new PpoLoss.Coefficients(config.clipEps(), config.entCoef());
        this.valueLoss = new ClippedValueLoss(tokens);
        this.shuffleRng = ctx.shuffleRng();
        this.agentResets = new boolean[numEnvs * agents];
        this.actorHidden = actor.initialState(numEnvs * agents);
        this.criticHidden = critic.initialState(numEnvs * agents);
        this.stepInputs = new float[numEnvs * agents * critic.inputDim()];
        this.rolloutInputs = input == RecurrentCritic.Input.CENTRAL
                ? new float[Math.multiplyExact(steps, stepInputs.length)] : null;
        this.criticIn = input == RecurrentCritic.Input.CENTRAL
                ? Nd4j.create(DataType.FLOAT, new long[] {tokens, critic.inputDim()}, 'f') : null;
        this.criticH0 = critic.initialState(plan.envsPerMinibatch() * agents);
        this.valueGradRows = new RowBuffer(DataType.FLOAT, tokens, 1);
        this.tokenValues = new double[tokens];
        this.actorState = new TrainedNetwork("actor", actor.network().parameters(), actorOpt);
        this.criticState = new TrainedNetwork("critic", critic.parameters(), criticOpt);
        LOG.info("{} on {}: N={}, obsDim={}, critic input {} ({}), {} actions; E={} envs x T={} steps, {} updates; "
                        + "actor {} params, critic {} params", name(), spec.taskId(), agents, spec.obsDim(),
                critic.inputDim(), input, spec.actionSpace(), numEnvs, steps, config.numUpdates(),
                actor.network().parameters().size(), critic.parameters().size());
    }

    private LearningRate learningRate(double lr, long gradientStepsPerUpdate) {
        return config.decayLearningRates()
                ? LearningRate.linearDecay(lr, config.numUpdates(), gradientStepsPerUpdate)
                : LearningRate.constant(lr);
    }

    public Learner actor() {
        return actor;
    }

    public RecurrentCritic critic() {
        return critic;
    }

    @Override
    public String name() {
        return config.system().id();
    }

    @Override
    public RolloutBuffer buffer() {
        return buffer;
    }

    @Override
    public void beginRollout() {
        RecurrentState.store(actorHidden, buffer.learnerState);
        RecurrentState.store(criticHidden, buffer.guiderMemory);
    }

    @Override
    public void act(VectorEnv envs, int t, Rng rng, ActionBuffer actions, float[] values) {
        for (int e = 0; e < numEnvs; e++) {
            Arrays.fill(agentResets, e * agents, (e + 1) * agents, envs.episodeStart[e]);
        }
        actor.act(envs.obs, agentResets, envs.actionMask, actorHidden, rng, false, actions);
        critic.writeInputs(envs.obs, envs.state, numEnvs, stepInputs, 0);
        if (rolloutInputs != null) {
            System.arraycopy(stepInputs, 0, rolloutInputs, t * stepInputs.length, stepInputs.length);
        }
        critic.values(stepInputs, agentResets, criticHidden, values);
    }

    @Override
    public void bootstrap(VectorEnv envs, float[] values) {
        for (int e = 0; e < numEnvs; e++) {
            Arrays.fill(agentResets, e * agents, (e + 1) * agents, envs.episodeStart[e]);
        }
        critic.writeInputs(envs.obs, envs.state, numEnvs, stepInputs, 0);
        critic.peekValues(stepInputs, agentResets, criticHidden, values);
    }

    @Override
    public Map<String, Double> update(long update) {
        double[] sum = new double[8];
        int count = 0;
        double lrNow = actorOpt.currentLearningRate();
        Parameters actorParams = actor.network().parameters();
        for (int epoch = 0; epoch < config.ppoEpochs(); epoch++) {
            plan.newEpoch(shuffleRng, false);
            for (int k = 0; k < plan.numMinibatches(); k++) {
                minibatch.gather(buffer, plan, k);
                actorParams.zeroGrads();
                critic.parameters().zeroGrads();
                int m = minibatch.tokens();
                int[] rowMap = minibatch.tokenToLearnerRow;

                ActionDistribution<?> pi = actor.forward(minibatch.obsLearner, minibatch.resetLearner,
                        minibatch.maskLearner, minibatch.learnerState, rowMap);
                if (pi instanceof org.magpo.dist.TanhGaussian g) {
                    // The continuous entropy is a one-sample estimate (Normal entropy + tanh log-det at a sample).
                    g.drawEntropyNoise(shuffleRng);
                }
                PpoLoss.Terms p = buffer.isDiscrete()
                        ? policyLoss.compute(cast(pi), minibatch.discreteActions, minibatch.oldLogProb,
                                minibatch.normalizedAdvantage, coef)
                        : policyLoss.compute(cast(pi), minibatch.continuousActions, minibatch.oldLogProb,
                                minibatch.normalizedAdvantage, coef);
                NonFiniteLossException.requireFinite(update, epoch, k, "actor loss", p.total());

                INDArray values = critic.forward(criticInputs(k), minibatch.resetLearner, criticState());
                HostView vv = HostView.of(values);
                for (int r = 0; r < m; r++) {
                    tokenValues[r] = vv.get(rowMap[r]);
                }
                double lv = valueLoss.compute(tokenValues, m, minibatch.oldValue, minibatch.returns, config.clipEps(),
                        config.vfCoef());
                NonFiniteLossException.requireFinite(update, epoch, k, "value loss", lv);
                INDArray dValue = valueGradRows.rows(m);
                HostView dv = HostView.of(dValue);
                double[] g = valueLoss.grad();
                for (int r = 0; r < m; r++) {
                    dv.set(rowMap[r], g[r]);
                }

                actor.backward(rowMap);
                critic.backward(dValue);
                double aNorm = clip.clip(actorParams);
                double cNorm = clip.clip(critic.parameters());
                NonFiniteLossException.requireFinite(update, epoch, k, "actor gradient norm", aNorm);
                NonFiniteLossException.requireFinite(update, epoch, k, "critic gradient norm", cNorm);
                actorOpt.step();
                criticOpt.step();

                double[] v = {p.total(), p.clipLoss(), p.entropy(), lv, p.clipFraction(), p.approxKl(), aNorm, cNorm};
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

    /** The critic inputs of minibatch k in the learner's time-major row order. */
    private INDArray criticInputs(int k) {
        if (rolloutInputs == null) {
            return minibatch.obsLearner;
        }
        int d = critic.inputDim();
        int b = plan.envsPerMinibatch();
        int rows = minibatch.tokens();
        DataBuffer dst = criticIn.data();
        for (int slot = 0; slot < b; slot++) {
            int e = plan.envOf(k, slot);
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < agents; i++) {
                    int src = ((t * numEnvs + e) * agents + plan.agentAt(i)) * d;
                    int row = plan.learnerRow(slot, t, i);
                    for (int f = 0; f < d; f++) {
                        dst.put(row + (long) f * rows, rolloutInputs[src + f]);
                    }
                }
            }
        }
        return criticIn;
    }

    /** The critic's GRU state at rollout start of the gathered minibatch's slots, {@code [B·N, H]} (row {@code b·N + i}). */
    private INDArray criticState() {
        int h = critic.hiddenSize();
        float[] mem = minibatch.guiderMemory;
        HostView dst = HostView.of(criticH0);
        int rows = (int) criticH0.size(0);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < h; c++) {
                dst.set(r + c * rows, mem[r * h + c]);
            }
        }
        return criticH0;
    }

    @SuppressWarnings("unchecked")
    private static <A> ActionDistribution<A> cast(ActionDistribution<?> d) {
        return (ActionDistribution<A>) d;
    }

    @Override
    public List<String> metricNames() {
        return METRICS;
    }

    @Override
    public String progress(Map<String, Double> m) {
        return String.format("actor %.4f | value %.4f | entropy %.3f | clip %.3f", m.get("actor_loss"),
                m.get("value_loss"), m.get("entropy"), m.get("clip_fraction"));
    }

    @Override
    public EvaluationPolicy evaluationPolicy() {
        return new EvaluationPolicy.Decentralized(actor);
    }

    @Override
    public Parameters evaluatedParameters() {
        return actor.network().parameters();
    }

    @Override
    public String evaluatedName() {
        return "actor";
    }

    @Override
    public void save(Map<String, float[]> arrays, Map<String, long[]> longs, Map<String, Long> counters) {
        actorState.save(arrays, counters);
        criticState.save(arrays, counters);
        float[] a = new float[(int) actorHidden.length()];
        RecurrentState.store(actorHidden, a);
        arrays.put("actor/hidden", a);
        float[] c = new float[(int) criticHidden.length()];
        RecurrentState.store(criticHidden, c);
        arrays.put("critic/hidden", c);
        longs.put("rng/shuffle", shuffleRng.state());
    }

    @Override
    public void restore(Map<String, float[]> arrays, Map<String, long[]> longs, Map<String, Long> counters) {
        actorState.restore(arrays, counters);
        criticState.restore(arrays, counters);
        RecurrentState.load(TrainedNetwork.entry(arrays, "actor/hidden"), actorHidden, "checkpoint entry actor/hidden");
        RecurrentState.load(TrainedNetwork.entry(arrays, "critic/hidden"), criticHidden,
                "checkpoint entry critic/hidden");
        shuffleRng.setState(TrainedNetwork.entry(longs, "rng/shuffle"));
    }
}
