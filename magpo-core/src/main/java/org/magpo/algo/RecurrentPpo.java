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
import org.magpo.nn.Parameters;
import org.magpo.nn.Rng;
import org.magpo.policy.ActionBuffer;
import org.magpo.policy.Learner;
import org.magpo.policy.RecurrentCritic;
import org.magpo.policy.RecurrentState;
import org.magpo.rollout.Minibatch;
import org.magpo.rollout.MinibatchPlan;
import org.magpo.rollout.RolloutBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
    private final CriticTrainer critic;
    private final RolloutBuffer buffer;
    private final MinibatchPlan plan;
    private final Minibatch minibatch;
    private final Adam actorOpt;
    private final GlobalNormClip clip;
    private final PpoLoss policyLoss;
    private final PpoLoss.Coefficients coef;
    private final Rng shuffleRng;
    private final boolean[] agentResets;
    private final INDArray actorHidden;
    private final TrainedNetwork actorState;

    /** @throws IllegalArgumentException when {@code config} is not IPPO or MAPPO */
    public RecurrentPpo(PpoConfig config, TrainingContext ctx) {
        if (config.system() != PpoConfig.Baseline.IPPO && config.system() != PpoConfig.Baseline.MAPPO) {
            throw new IllegalArgumentException("RecurrentPpo runs IPPO and MAPPO, got " + config.system());
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
        this.buffer = new RolloutBuffer(spec, steps, numEnvs, agents * h, agents * h);
        this.plan = new MinibatchPlan(numEnvs, agents, ctx.minibatches());
        this.minibatch = new Minibatch(buffer, plan);
        long stepsPerUpdate = (long) config.ppoEpochs() * ctx.minibatches();
        this.critic = new CriticTrainer(new RecurrentCritic(spec, input, h, tokens, DataType.FLOAT, ctx.secondInit()),
                learningRate(config.criticLr(), stepsPerUpdate), config.maxGradNorm(), config.clipEps(),
                config.vfCoef(), numEnvs, steps, plan.envsPerMinibatch(), tokens);
        this.actorOpt = new Adam(actor.network().parameters(), learningRate(config.actorLr(), stepsPerUpdate));
        this.clip = new GlobalNormClip(config.maxGradNorm());
        this.policyLoss = new PpoLoss(tokens);
        this.coef = new PpoLoss.Coefficients(config.clipEps(), config.entCoef());
        this.shuffleRng = ctx.shuffleRng();
        this.agentResets = new boolean[numEnvs * agents];
        this.actorHidden = actor.initialState(numEnvs * agents);
        this.actorState = new TrainedNetwork("actor", actor.network().parameters(), actorOpt);
        LOG.info("{} on {}: N={}, obsDim={}, critic input {} ({}), {} actions; E={} envs x T={} steps, {} updates; "
                        + "actor {} params, critic {} params", name(), spec.taskId(), agents, spec.obsDim(),
                critic.critic().inputDim(), input, spec.actionSpace(), numEnvs, steps, config.numUpdates(),
                actor.network().parameters().size(), critic.critic().parameters().size());
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
        return critic.critic();
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
        critic.beginRollout(buffer);
    }

    @Override
    public void act(VectorEnv envs, int t, Rng rng, ActionBuffer actions, float[] values) {
        envs.agentEpisodeStart(agentResets);
        actor.act(envs.obs, agentResets, envs.actionMask, actorHidden, rng, false, actions);
        critic.act(envs, t, agentResets, values);
    }

    @Override
    public void bootstrap(VectorEnv envs, float[] values) {
        envs.agentEpisodeStart(agentResets);
        critic.bootstrap(envs, agentResets, values);
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
                ActionDistribution<?> pi = actor.forward(minibatch.obsLearner, minibatch.resetLearner,
                        minibatch.maskLearner, minibatch.learnerState, minibatch.tokenToLearnerRow);
                if (pi instanceof org.magpo.dist.TanhGaussian g) {
                    // The continuous entropy is a one-sample estimate (Normal entropy + tanh log-det at a sample).
                    g.drawEntropyNoise(shuffleRng);
                }
                PpoLoss.Terms p = buffer.isDiscrete()
                        ? policyLoss.compute(ActionDistribution.typed(pi), minibatch.discreteActions, minibatch.oldLogProb,
                                minibatch.normalizedAdvantage, coef)
                        : policyLoss.compute(ActionDistribution.typed(pi), minibatch.continuousActions, minibatch.oldLogProb,
                                minibatch.normalizedAdvantage, coef);
                NonFiniteLossException.requireFinite(update, epoch, k, "actor loss", p.total());
                actor.backward(minibatch.tokenToLearnerRow);
                double aNorm = clip.clip(actorParams);
                NonFiniteLossException.requireFinite(update, epoch, k, "actor gradient norm", aNorm);
                actorOpt.step();
                CriticTrainer.Step c = critic.step(minibatch, plan, k, update, epoch);
                double lv = c.valueLoss();
                double cNorm = c.gradNorm();

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
    public float[] evaluatedParameters() {
        return actor.network().parameters().values().toFloatVector();
    }

    @Override
    public void loadEvaluatedParameters(float[] params) {
        actor.network().parameters().values().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(params));
    }

    @Override
    public String evaluatedName() {
        return "actor";
    }

    @Override
    public void save(Map<String, float[]> arrays, Map<String, long[]> longs, Map<String, Long> counters) {
        actorState.save(arrays, counters);
        critic.save(arrays, counters);
        float[] a = new float[(int) actorHidden.length()];
        RecurrentState.store(actorHidden, a);
        arrays.put("actor/hidden", a);
        longs.put("rng/shuffle", shuffleRng.state());
    }

    @Override
    public void restore(Map<String, float[]> arrays, Map<String, long[]> longs, Map<String, Long> counters) {
        actorState.restore(arrays, counters);
        critic.restore(arrays, counters);
        RecurrentState.load(TrainedNetwork.entry(arrays, "actor/hidden"), actorHidden, "checkpoint entry actor/hidden");
        shuffleRng.setState(TrainedNetwork.entry(longs, "rng/shuffle"));
    }
}
