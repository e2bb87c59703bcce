package org.magpo.rollout;

import org.magpo.env.EnvSpec;
import org.magpo.env.StepType;
import org.magpo.env.VectorEnv;

/**
 * One rollout of T steps over E environments and N agents, as MAGPO trains on it (ALGORITHM.md §8
 * item 1), preallocated once. Every array is flat and row-major, laid out {@code [T, E, N, ...]}:
 * <ul>
 *   <li>{@code obs [T, E, N, obsDim]} (agent ids included), {@code actionMask [T, E, N, A]} (discrete only);</li>
 *   <li>{@code stepCount [T, E]} (episode step of the observation, the guider's positional input) and
 *       {@code reset [T, E]} (the observation starts an episode: memories are zeroed before it);</li>
 *   <li>{@code discreteActions [T, E, N]} or {@code continuousActions [T, E, N, D]} (squashed), the
 *       guider's behaviour {@code logProb [T, E, N]} (double, so that re-evaluating the same
 *       parameters gives a ratio of exactly 1) and {@code value [T, E, N]};</li>
 *   <li>{@code reward [T, E, N]} and {@code done [T, E]} (the step at t ended the episode, terminated or
 *       truncated);</li>
 *   <li>{@code bootstrapValue [E, N]}, and after {@link #computeAdvantages} {@code advantage} and
 *       {@code returns [T, E, N]};</li>
 *   <li>the memories at rollout start: {@code guiderMemory [E, guiderMemorySize]} and
 *       {@code learnerState [E, learnerStateSize]} (for the learner GRU, {@code [E, N, H]}).</li>
 * </ul>
 * The record methods copy from a {@link VectorEnv}; the arrays are public for the trainer to fill
 * directly where that is simpler.
 */
public final class RolloutBuffer {

    private final int steps;
    private final int envs;
    private final int agents;
    private final int obsDim;
    private final boolean discrete;
    private final int numActions;
    private final int actionDim;
    private final int guiderMemorySize;
    private final int learnerStateSize;

    public final float[] obs;
    public final boolean[] actionMask;
    public final int[] stepCount;
    public final boolean[] reset;
    public final int[] discreteActions;
    public final float[] continuousActions;
    public final double[] logProb;
    public final float[] value;
    public final float[] reward;
    public final boolean[] done;
    public final float[] bootstrapValue;
    public final float[] advantage;
    public final float[] returns;
    public final float[] guiderMemory;
    public final float[] learnerState;

    /**
     * @param spec             the task (N, obsDim including any agent id, action space)
     * @param steps            T
     * @param envs             E
     * @param guiderMemorySize floats of guider memory per env (>= 0)
     * @param learnerStateSize floats of learner recurrent state per env, N·H (>= 0)
     */
    public RolloutBuffer(EnvSpec spec, int steps, int envs, int guiderMemorySize, int learnerStateSize) {
        if (steps < 1 || envs < 1) {
            throw new IllegalArgumentException("steps (T) and envs (E) must be >= 1, got " + steps + ", " + envs);
        }
        if (guiderMemorySize < 0 || learnerStateSize < 0) {
            throw new IllegalArgumentException("guiderMemorySize and learnerStateSize must be >= 0, got "
                    + guiderMemorySize + ", " + learnerStateSize);
        }
        this.steps = steps;
        this.envs = envs;
        this.agents = spec.numAgents();
        this.obsDim = spec.obsDim();
        this.discrete = spec.isDiscrete();
        this.numActions = discrete ? spec.numActions() : 0;
        this.actionDim = spec.actionSpace().actionDim();
        this.guiderMemorySize = guiderMemorySize;
        this.learnerStateSize = learnerStateSize;
        int tokens = Math.multiplyExact(Math.multiplyExact(steps, envs), agents);
        obs = new float[Math.multiplyExact(tokens, obsDim)];
        actionMask = discrete ? new boolean[Math.multiplyExact(tokens, numActions)] : null;
        stepCount = new int[steps * envs];
        reset = new boolean[steps * envs];
        discreteActions = discrete ? new int[tokens] : null;
        continuousActions = discrete ? null : new float[Math.multiplyExact(tokens, actionDim)];
        logProb = new double[tokens];
        value = new float[tokens];
        reward = new float[tokens];
        done = new boolean[steps * envs];
        bootstrapValue = new float[envs * agents];
        advantage = new float[tokens];
        returns = new float[tokens];
        guiderMemory = new float[Math.multiplyExact(envs, guiderMemorySize)];
        learnerState = new float[Math.multiplyExact(envs, learnerStateSize)];
    }

    public int steps() {
        return steps;
    }

    public int envs() {
        return envs;
    }

    public int agents() {
        return agents;
    }

    public int obsDim() {
        return obsDim;
    }

    public boolean isDiscrete() {
        return discrete;
    }

    /** A for discrete tasks, 0 otherwise. */
    public int numActions() {
        return numActions;
    }

    /** Action components per agent: 1 (discrete) or D. */
    public int actionDim() {
        return actionDim;
    }

    public int guiderMemorySize() {
        return guiderMemorySize;
    }

    public int learnerStateSize() {
        return learnerStateSize;
    }

    /** Flat index of token (t, e, i) in the {@code [T, E, N]} arrays. */
    public int token(int t, int e, int i) {
        return (t * envs + e) * agents + i;
    }

    /** Copies the current observations of {@code env} (obs, mask, step count, episode start) into step t. */
    public void recordObservation(int t, VectorEnv env) {
        checkEnv(env);
        checkStep(t);
        int perStep = envs * agents;
        System.arraycopy(env.obs, 0, obs, t * perStep * obsDim, perStep * obsDim);
        if (discrete) {
            System.arraycopy(env.actionMask, 0, actionMask, t * perStep * numActions, perStep * numActions);
        }
        System.arraycopy(env.stepCount, 0, stepCount, t * envs, envs);
        System.arraycopy(env.episodeStart, 0, reset, t * envs, envs);
    }

    /** Stores the guider's discrete actions, behaviour log-probs and values {@code [E, N]} of step t. */
    public void recordActions(int t, int[] actions, double[] logProbs, float[] values) {
        if (!discrete) {
            throw new IllegalStateException("this buffer holds continuous actions; pass float[] actions");
        }
        checkStep(t);
        int perStep = envs * agents;
        System.arraycopy(actions, 0, discreteActions, t * perStep, perStep);
        System.arraycopy(logProbs, 0, logProb, t * perStep, perStep);
        System.arraycopy(values, 0, value, t * perStep, perStep);
    }

    /** Stores the guider's squashed continuous actions {@code [E, N, D]}, log-probs and values of step t. */
    public void recordActions(int t, float[] actions, double[] logProbs, float[] values) {
        if (discrete) {
            throw new IllegalStateException("this buffer holds discrete actions; pass int[] actions");
        }
        checkStep(t);
        int perStep = envs * agents;
        System.arraycopy(actions, 0, continuousActions, t * perStep * actionDim, perStep * actionDim);
        System.arraycopy(logProbs, 0, logProb, t * perStep, perStep);
        System.arraycopy(values, 0, value, t * perStep, perStep);
    }

    /** Copies the rewards of the transition just taken by {@code env} and whether it ended the episode. */
    public void recordTransition(int t, VectorEnv env) {
        checkEnv(env);
        checkStep(t);
        int perStep = envs * agents;
        System.arraycopy(env.reward, 0, reward, t * perStep, perStep);
        for (int e = 0; e < envs; e++) {
            done[t * envs + e] = env.stepType[e] == StepType.LAST;
        }
    }

    /** Fills {@link #advantage} and {@link #returns} from rewards, values, dones and {@link #bootstrapValue}. */
    public void computeAdvantages(double gamma, double lambda) {
        Gae.compute(steps, envs, agents, reward, value, done, bootstrapValue, gamma, lambda, advantage, returns);
    }

    private void checkStep(int t) {
        if (t < 0 || t >= steps) {
            throw new IllegalArgumentException("step t must be in [0, " + steps + "), got " + t);
        }
    }

    private void checkEnv(VectorEnv env) {
        if (env.numEnvs() != envs || env.spec().numAgents() != agents || env.spec().obsDim() != obsDim) {
            throw new IllegalArgumentException("VectorEnv (E=" + env.numEnvs() + ", N=" + env.spec().numAgents()
                    + ", obsDim=" + env.spec().obsDim() + ") does not match the buffer (E=" + envs + ", N=" + agents
                    + ", obsDim=" + obsDim + ")");
        }
    }
}
