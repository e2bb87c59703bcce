package org.magpo.examples;

import java.util.function.Supplier;
import org.magpo.env.EnvSpec;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.nn.Rng;
import org.magpo.policy.ActionBuffer;
import org.magpo.policy.DecentralizedPolicy;
import org.magpo.train.EvaluationResult;
import org.magpo.train.Evaluator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Example: a hand-written {@link DecentralizedPolicy} evaluated exactly like MAGPO's learner.
 * {@link GreedySplit} plays CoordSum by a fixed convention that every agent can follow from its own
 * observation: agents fill the target in id order, each taking as much as it can. It hits every
 * reachable target but, being memoryless, repeats agent 0's choice, so most hits pay 1, not 2
 * (the learner's GRU and the guider's coordination are what earn the 2s). Walk-through:
 * docs/custom-policy.md.
 *
 * <pre>
 * mvn -B -q -pl magpo-examples -am -DskipTests package exec:java \
 *     -Dexec.mainClass=org.magpo.examples.CustomLearnerPolicy [-Dexec.args="--episodes 320 --seed 1"]
 * </pre>
 */
public final class CustomLearnerPolicy {

    private CustomLearnerPolicy() {
    }

    /**
     * CoordSum's fill-in-order convention. Observation row of agent i (agent-id wrapped):
     * {@code [one_hot_N(i), target]}; action {@code a_i = clamp(target - (K-1)·i, 0, K-1)}, so the
     * actions sum to the target whenever {@code target <= N(K-1)}.
     */
    public static final class GreedySplit implements DecentralizedPolicy {
        private final int agents;
        private final int numActions;
        private final int obsDim;

        /** @param spec an agent-id wrapped CoordSum task ({@code Envs.make("coordsum:...")}) */
        public GreedySplit(EnvSpec spec) {
            if (!spec.taskId().startsWith("coordsum:") || spec.obsDim() != spec.numAgents() + 1) {
                throw new IllegalArgumentException("GreedySplit plays agent-id wrapped CoordSum tasks (obsDim N+1), got "
                        + spec.taskId() + " with obsDim " + spec.obsDim());
            }
            this.agents = spec.numAgents();
            this.numActions = spec.numActions();
            this.obsDim = spec.obsDim();
        }

        @Override
        public int hiddenSize() {
            return 0;
        }

        @Override
        public INDArray initialState(int rows) {
            return Nd4j.create(DataType.FLOAT, new long[] {rows, 0}, 'f');
        }

        @Override
        public void act(float[] obs, boolean[] resets, boolean[] mask, INDArray hidden, Rng rng, boolean greedy,
                        ActionBuffer out) {
            for (int row = 0; row < out.rows(); row++) {
                int base = row * obsDim;
                int id = 0; // decentralised: the agent learns who it is from its own one-hot id, not from the row
                while (obs[base + id] < 0.5f) {
                    id++;
                }
                int target = Math.round(obs[base + agents]);
                int share = target - (numActions - 1) * id;
                out.discrete[row] = Math.max(0, Math.min(numActions - 1, share));
                out.logProb[row] = 0.0; // deterministic: log 1
            }
        }
    }

    public static void main(String[] args) {
        String task = "coordsum:3x10-30";
        int episodes = 320;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--env" -> task = args[++i];
                case "--episodes" -> episodes = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --env coordsum:TASK, --episodes N, --seed S");
            }
        }
        EvaluationResult heuristic = evaluate(task, episodes, seed, false);
        EvaluationResult random = evaluate(task, episodes, seed, true);
        System.out.printf("%s, %d episodes: greedy split %.2f ± %.2f, uniform random %.2f ± %.2f%n", task, episodes,
                heuristic.meanReturn(), heuristic.standardError(), random.meanReturn(), random.standardError());
    }

    /** Evaluates {@link GreedySplit} (or, with {@code random}, the uniform baseline) on a CoordSum task. */
    public static EvaluationResult evaluate(String task, int episodes, long seed, boolean random) {
        Supplier<MultiAgentEnv> factory = () -> Envs.make(task);
        EnvSpec spec = factory.get().spec();
        DecentralizedPolicy policy = random ? new RandomDecentralizedPolicy(spec) : new GreedySplit(spec);
        try (Evaluator evaluator = new Evaluator(factory, 32, seed)) {
            return evaluator.evaluate(policy, episodes, false, new Rng(seed + 1));
        }
    }
}
