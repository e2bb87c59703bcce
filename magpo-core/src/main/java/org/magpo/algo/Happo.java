package org.magpo.algo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magpo.dist.ActionDistribution;
import org.magpo.dist.ContiguousArrays;
import org.magpo.dist.TanhGaussian;
import org.magpo.env.EnvSpec;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Adam;
import org.magpo.nn.GlobalNormClip;
import org.magpo.nn.LearningRate;
import org.magpo.nn.Rng;
import org.magpo.policy.ActionBuffer;
import org.magpo.policy.Learner;
import org.magpo.policy.PerAgentPolicy;
import org.magpo.policy.RecurrentCritic;
import org.magpo.policy.RecurrentState;
import org.magpo.rollout.Minibatch;
import org.magpo.rollout.MinibatchPlan;
import org.magpo.rollout.RolloutBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAPPO (Kuba et al., heterogeneous-agent PPO, on Mava's recurrent networks): one actor network per
 * agent (not shared; MLP-GRU-MLP with the agent id), a centralised recurrent critic as MAPPO's, and
 * sequential actor updates. Each epoch shuffles the environments and draws a random agent order; on each
 * minibatch the critic takes one step, then the agents are updated one after the other, agent i's
 * surrogate weighted per token by {@code M = Π_j π_j^new(a_j)/π_j^old(a_j)} over the agents j already
 * updated on this minibatch (a constant: stop-gradient), i.e. PPO-clip on the advantage {@code M·Â}.
 *
 * <p>The rollout buffer's {@code learnerState} holds each agent's actor state and {@code guiderMemory}
 * the critic's ({@code [E, N, H]} each) at rollout start.
 */
public final class Happo implements Algorithm {
    private static final Logger LOG = LoggerFactory.getLogger(Happo.class);

    /** Per-update metric names (actor terms are means over agents' steps). */
    public static final List<String> METRICS = RecurrentPpo.METRICS;

    private final PpoConfig config;
    private final EnvSpec spec;
    private final int numEnvs;
    private final int steps;
    private final int agents;
    private final Learner[] actors;
    private final Adam[] opts;
    private final TrainedNetwork[] actorStates;
    private final PerAgentPolicy policy;
    private final CriticTrainer critic;
    private final RolloutBuffer buffer;
    private final MinibatchPlan plan;
    private final Minibatch minibatch;
    private final GlobalNormClip clip;
    private final PpoLoss policyLoss;
    private final PpoLoss.Coefficients coef;
    private final Rng shuffleRng;
    private final int[] order;
    private final boolean[] agentResets;
    private final INDArray actorHidden;

    // One agent's minibatch, rows t·B + b.
    private final INDArray obsA;
    private final float[] obsStaging;
    private final boolean[] resetA;
    private final boolean[] maskA;
    private final int[] discreteA;
    private final float[] continuousA;
    private final double[] oldA;
    private final double[] advA;
    private final double[] weighted;
    private final double[] newLogProb;
    private final double[] factor;
    private final INDArray h0A;
    private final float[] h0Staging;

    /** @throws IllegalArgumentException when {@code config} is not HAPPO */
    public Happo(PpoConfig config, TrainingContext ctx) {
        if (config.system() != PpoConfig.Baseline.HAPPO) {
            throw new IllegalArgumentException("Happo runs system HAPPO, got " + config.system());
        }
        this.config = config;
        this.spec = ctx.spec();
        this.numEnvs = ctx.envs();
        this.steps = ctx.steps();
        this.agents = spec.numAgents();
        int h = config.hiddenWidth();
        int tokens = ctx.tokensPerMinibatch();
        this.buffer = new RolloutBuffer(spec, steps, numEnvs, agents * h, agents * h);
        this.plan = new MinibatchPlan(numEnvs, agents, ctx.minibatches());
        this.minibatch = new Minibatch(buffer, plan);
        int b = plan.envsPerMinibatch();
        int rowsPerAgent = steps * b;
        long stepsPerUpdate = (long) config.ppoEpochs() * ctx.minibatches();
        this.actors = new Learner[agents];
        this.opts = new Adam[agents];
        this.actorStates = new TrainedNetwork[agents];
        for (int i = 0; i < agents; i++) {
            actors[i] = new Learner(spec, h, rowsPerAgent, DataType.FLOAT, ctx.firstInit());
            opts[i] = new Adam(actors[i].network().parameters(), learningRate(config.actorLr(), stepsPerUpdate));
            actorStates[i] = new TrainedNetwork("actor_" + i, actors[i].network().parameters(), opts[i]);
        }
        this.policy = new PerAgentPolicy(spec, actors);
        this.critic = new CriticTrainer(new RecurrentCritic(spec, RecurrentCritic.Input.CENTRAL, h, tokens,
                DataType.FLOAT, ctx.secondInit()), learningRate(config.criticLr(), stepsPerUpdate),
                config.maxGradNorm(), config.clipEps(), config.vfCoef(), numEnvs, steps, b, tokens);
        this.clip = new GlobalNormClip(config.maxGradNorm());
        this.policyLoss = new PpoLoss(rowsPerAgent);
        this.coef = new PpoLoss.Coefficients(config.clipEps(), config.entCoef());
        this.shuffleRng = ctx.shuffleRng();
        this.order = new int[agents];
        this.agentResets = new boolean[numEnvs * agents];
        this.actorHidden = policy.initialState(numEnvs * agents);
        this.obsA = Nd4j.create(DataType.FLOAT, new long[] {rowsPerAgent, spec.obsDim()}, 'f');
        this.obsStaging = new float[rowsPerAgent * spec.obsDim()];
        this.resetA = new boolean[rowsPerAgent];
        this.maskA = spec.isDiscrete() ? new boolean[rowsPerAgent * spec.numActions()] : null;
        this.discreteA = spec.isDiscrete() ? new int[rowsPerAgent] : null;
        this.continuousA = spec.isDiscrete() ? null : new float[rowsPerAgent * spec.actionSpace().actionDim()];
        this.oldA = new double[rowsPerAgent];
        this.advA = new double[rowsPerAgent];
        this.weighted = new double[rowsPerAgent];
        this.newLogProb = new double[rowsPerAgent];
        this.factor = new double[rowsPerAgent];
        this.h0A = Nd4j.create(DataType.FLOAT, new long[] {b, h}, 'f');
        this.h0Staging = new float[b * h];
        LOG.info("happo on {}: N={} actors of {} params, critic input {}; E={} envs x T={} steps, {} updates",
                spec.taskId(), agents, actors[0].network().parameters().size(), critic.critic().inputDim(), numEnvs,
                steps, config.numUpdates());
    }

    private LearningRate learningRate(double lr, long gradientStepsPerUpdate) {
        return config.decayLearningRates()
                ? LearningRate.linearDecay(lr, config.numUpdates(), gradientStepsPerUpdate)
                : LearningRate.constant(lr);
    }

    /** The per-agent actors as one decentralised policy. */
    public PerAgentPolicy policy() {
        return policy;
    }

    /** The centralised critic shared by the agents (MAPPO's). */
    public RecurrentCritic critic() {
        return critic.critic();
    }

    @Override
    public String name() {
        return "happo";
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
        policy.act(envs.obs, agentResets, envs.actionMask, actorHidden, rng, false, actions);
        critic.act(envs, t, agentResets, values);
    }

    @Override
    public void bootstrap(VectorEnv envs, float[] values) {
        envs.agentEpisodeStart(agentResets);
        critic.bootstrap(envs, agentResets, values);
    }

    @Override
    public Map<String, Double> update(long update) {
        double[] actorSum = new double[6];
        double criticLoss = 0;
        double criticNorm = 0;
        int actorSteps = 0;
        int criticSteps = 0;
        double lrNow = opts[0].currentLearningRate();
        for (int epoch = 0; epoch < config.ppoEpochs(); epoch++) {
            plan.newEpoch(shuffleRng, false);
            for (int i = 0; i < agents; i++) {
                order[i] = i;
            }
            shuffleRng.shuffle(order);
            for (int k = 0; k < plan.numMinibatches(); k++) {
                minibatch.gather(buffer, plan, k);
                CriticTrainer.Step c = critic.step(minibatch, plan, k, update, epoch);
                criticLoss += c.valueLoss();
                criticNorm += c.gradNorm();
                criticSteps++;
                Arrays.fill(factor, 1.0);
                for (int agent : order) {
                    double[] v = updateAgent(agent, k, update, epoch);
                    for (int j = 0; j < v.length; j++) {
                        actorSum[j] += v[j];
                    }
                    actorSteps++;
                }
            }
        }
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("actor_loss", actorSum[0] / actorSteps);
        row.put("clip_loss", actorSum[1] / actorSteps);
        row.put("entropy", actorSum[2] / actorSteps);
        row.put("value_loss", criticLoss / criticSteps);
        row.put("clip_fraction", actorSum[3] / actorSteps);
        row.put("approx_kl", actorSum[4] / actorSteps);
        row.put("grad_norm_actor", actorSum[5] / actorSteps);
        row.put("grad_norm_critic", criticNorm / criticSteps);
        row.put("learning_rate", lrNow);
        return row;
    }

    /** One PPO step of agent i's actor on minibatch k with the advantages weighted by {@link #factor}. */
    private double[] updateAgent(int agent, int k, long update, int epoch) {
        int rows = gatherAgent(agent, k);
        Learner actor = actors[agent];
        actor.network().parameters().zeroGrads();
        ActionDistribution<?> pi = actor.forward(obsA, resetA, maskA, h0A, null);
        if (pi instanceof TanhGaussian g) {
            g.drawEntropyNoise(shuffleRng);
        }
        weightAdvantages(factor, advA, weighted, rows);
        PpoLoss.Terms p = spec.isDiscrete()
                ? policyLoss.compute(ActionDistribution.typed(pi), discreteA, oldA, weighted, coef)
                : policyLoss.compute(ActionDistribution.typed(pi), continuousA, oldA, weighted, coef);
        NonFiniteLossException.requireFinite(update, epoch, k, "actor " + agent + " loss", p.total());
        actor.backward(null);
        double norm = clip.clip(actor.network().parameters());
        NonFiniteLossException.requireFinite(update, epoch, k, "actor " + agent + " gradient norm", norm);
        opts[agent].step();
        // The next agents see this agent's new-to-old probability ratio (a constant for them).
        ActionDistribution<?> updated = actor.forward(obsA, resetA, maskA, h0A, null);
        if (spec.isDiscrete()) {
            ActionDistribution.<int[]>typed(updated).logProb(discreteA, newLogProb);
        } else {
            ActionDistribution.<float[]>typed(updated).logProb(continuousA, newLogProb);
        }
        multiplyByRatios(factor, newLogProb, oldA, rows);
        return new double[] {p.total(), p.clipLoss(), p.entropy(), p.clipFraction(), p.approxKl(), norm};
    }

    /**
     * The advantage agent k's surrogate sees, per token: {@code out[q] = M[q]·Â[q]} with {@code M} the
     * sequential weight (1 for the first agent of the order). M is a plain number here, so the PPO loss
     * differentiates only the updated agent's own ratio (stop-gradient on the others').
     *
     * @param factor    M {@code [rows]}
     * @param advantage Â {@code [rows]}
     * @param out       M·Â {@code [rows]}
     */
    static void weightAdvantages(double[] factor, double[] advantage, double[] out, int rows) {
        for (int q = 0; q < rows; q++) {
            out[q] = factor[q] * advantage[q];
        }
    }

    /**
     * Folds a just-updated agent into the sequential weight: {@code M[q] *= π_new(a_q)/π_old(a_q)} with the
     * ratio {@code exp(ℓ_new − ℓ_old)}, so after agents j₁..j_m the weight is {@code Π r_j}.
     *
     * @param factor     M {@code [rows]}, updated in place
     * @param newLogProb ℓ_new of the updated agent's stored actions under its new parameters {@code [rows]}
     * @param oldLogProb ℓ_old, the behaviour log-probs {@code [rows]}
     */
    static void multiplyByRatios(double[] factor, double[] newLogProb, double[] oldLogProb, int rows) {
        for (int q = 0; q < rows; q++) {
            factor[q] *= Math.exp(newLogProb[q] - oldLogProb[q]);
        }
    }

    /** Fills agent i's rows {@code t·B + b} of minibatch k; returns T·B. */
    private int gatherAgent(int agent, int k) {
        int b = plan.envsPerMinibatch();
        int rows = steps * b;
        int obsDim = spec.obsDim();
        int a = spec.isDiscrete() ? spec.numActions() : 0;
        int d = spec.actionSpace().actionDim();
        int h = config.hiddenWidth();
        for (int slot = 0; slot < b; slot++) {
            int e = plan.envOf(k, slot);
            for (int t = 0; t < steps; t++) {
                int q = t * b + slot;
                int src = buffer.token(t, e, agent);
                resetA[q] = buffer.reset[t * numEnvs + e];
                oldA[q] = buffer.logProb[src];
                // Normalised over the whole minibatch (all agents), at the token of (slot, t, agent).
                advA[q] = minibatch.normalizedAdvantage[plan.tokenRow(steps, slot, t, agent)];
                if (a > 0) {
                    discreteA[q] = buffer.discreteActions[src];
                    System.arraycopy(buffer.actionMask, src * a, maskA, q * a, a);
                } else {
                    System.arraycopy(buffer.continuousActions, src * d, continuousA, q * d, d);
                }
                for (int f = 0; f < obsDim; f++) {
                    obsStaging[q + f * rows] = buffer.obs[src * obsDim + f];
                }
            }
            int base = (e * agents + agent) * h;
            for (int c = 0; c < h; c++) {
                h0Staging[slot + c * b] = buffer.learnerState[base + c];
            }
        }
        ContiguousArrays.write("obsA", obsStaging, rows * obsDim, obsA);
        ContiguousArrays.write("h0A", h0Staging, b * h, h0A);
        return rows;
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
        return new EvaluationPolicy.Decentralized(policy);
    }

    @Override
    public float[] evaluatedParameters() {
        int total = 0;
        for (Learner a : actors) {
            total += (int) a.network().parameters().size();
        }
        float[] all = new float[total];
        int at = 0;
        for (Learner a : actors) {
            float[] v = a.network().parameters().values().toFloatVector();
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        return all;
    }

    @Override
    public void loadEvaluatedParameters(float[] params) {
        int at = 0;
        for (Learner a : actors) {
            int n = (int) a.network().parameters().size();
            a.network().parameters().values().assign(Nd4j.createFromArray(Arrays.copyOfRange(params, at, at + n)));
            at += n;
        }
        if (at != params.length) {
            throw new IllegalArgumentException("HAPPO parameters: expected " + at + " values, got " + params.length);
        }
    }

    @Override
    public String evaluatedName() {
        return "actors";
    }

    @Override
    public void save(Map<String, float[]> arrays, Map<String, long[]> longs, Map<String, Long> counters) {
        for (TrainedNetwork s : actorStates) {
            s.save(arrays, counters);
        }
        critic.save(arrays, counters);
        float[] a = new float[(int) actorHidden.length()];
        RecurrentState.store(actorHidden, a);
        arrays.put("actors/hidden", a);
        longs.put("rng/shuffle", shuffleRng.state());
    }

    @Override
    public void restore(Map<String, float[]> arrays, Map<String, long[]> longs, Map<String, Long> counters) {
        for (TrainedNetwork s : actorStates) {
            s.restore(arrays, counters);
        }
        critic.restore(arrays, counters);
        RecurrentState.load(TrainedNetwork.entry(arrays, "actors/hidden"), actorHidden,
                "checkpoint entry actors/hidden");
        shuffleRng.setState(TrainedNetwork.entry(longs, "rng/shuffle"));
    }
}
