package org.magpo.env;

/**
 * Base class for environments: checks every joint action against the spec and the current action
 * mask, refuses to step a finished episode, and leaves only the rules to the subclass
 * ({@link #doReset}, {@link #doStep(int[], TimeStep)} or {@link #doStep(float[], TimeStep)}).
 *
 * <p>Errors name the agent, the value and what was expected; nothing is ever clamped silently.
 */
public abstract class AbstractMultiAgentEnv implements MultiAgentEnv {

    private final EnvSpec spec;
    /** Copy of the action mask of the last step returned, {@code [N, A]}; null for continuous. */
    private final boolean[] currentMask;
    private boolean started;
    private boolean finished;

    protected AbstractMultiAgentEnv(EnvSpec spec) {
        this.spec = spec;
        this.currentMask = spec.isDiscrete() ? new boolean[spec.numAgents() * spec.numActions()] : null;
    }

    @Override
    public final EnvSpec spec() {
        return spec;
    }

    @Override
    public final void reset(long seed, TimeStep out) {
        checkBuffer(out);
        doReset(seed, out);
        afterStep(out);
    }

    @Override
    public final void step(int[] actions, TimeStep out) {
        checkBuffer(out);
        checkSteppable();
        if (!(spec.actionSpace() instanceof ActionSpace.Discrete d)) {
            throw new IllegalArgumentException(spec.taskId() + " has a continuous action space " + spec.actionSpace()
                    + "; pass float[] actions of length " + spec.numAgents() * spec.actionSpace().actionDim());
        }
        int n = spec.numAgents();
        if (actions == null || actions.length != n) {
            throw new IllegalArgumentException(spec.taskId() + ": actions must have length N=" + n + ", got "
                    + (actions == null ? "null" : actions.length));
        }
        int numActions = d.n();
        for (int i = 0; i < n; i++) {
            int a = actions[i];
            if (a < 0 || a >= numActions) {
                throw new IllegalArgumentException(spec.taskId() + ": action of agent " + i + " is " + a
                        + ", expected 0.." + (numActions - 1));
            }
            if (!currentMask[i * numActions + a]) {
                throw new IllegalArgumentException(spec.taskId() + ": action " + a + " of agent " + i
                        + " is masked (illegal) in the current state; legal actions: " + legalActions(i, numActions));
            }
        }
        doStep(actions, out);
        afterStep(out);
    }

    @Override
    public final void step(float[] actions, TimeStep out) {
        checkBuffer(out);
        checkSteppable();
        if (!(spec.actionSpace() instanceof ActionSpace.Box box)) {
            throw new IllegalArgumentException(spec.taskId() + " has a discrete action space " + spec.actionSpace()
                    + "; pass int[] actions of length " + spec.numAgents());
        }
        int expected = spec.numAgents() * box.dims();
        if (actions == null || actions.length != expected) {
            throw new IllegalArgumentException(spec.taskId() + ": continuous actions must have length N*dims="
                    + expected + ", got " + (actions == null ? "null" : actions.length));
        }
        for (int k = 0; k < actions.length; k++) {
            if (!Float.isFinite(actions[k])) {
                throw new IllegalArgumentException(spec.taskId() + ": action component " + (k % box.dims())
                        + " of agent " + (k / box.dims()) + " is " + actions[k] + ", expected a finite value");
            }
        }
        doStep(actions, out);
        afterStep(out);
    }

    /** Starts an episode from {@code seed}; must write a FIRST step (see {@link TimeStep#beginFirst()}). */
    protected abstract void doReset(long seed, TimeStep out);

    /** Applies validated discrete actions. Continuous environments need not override it. */
    protected void doStep(int[] actions, TimeStep out) {
        throw new IllegalStateException(spec.taskId() + " does not accept discrete actions");
    }

    /** Applies validated, finite continuous actions. Discrete environments need not override it. */
    protected void doStep(float[] actions, TimeStep out) {
        throw new IllegalStateException(spec.taskId() + " does not accept continuous actions");
    }

    /**
     * For subclasses that load an explicit state (golden tests, curricula): marks the episode as
     * running with {@code out} as its current step, so that the next {@code step} is validated
     * against {@code out}'s action mask.
     */
    protected final void stateLoaded(TimeStep out) {
        checkBuffer(out);
        afterStep(out);
    }

    private void checkBuffer(TimeStep out) {
        if (out == null || out.obs.length != spec.numAgents() * spec.obsDim() || out.reward.length != spec.numAgents()) {
            throw new IllegalArgumentException(spec.taskId() + ": TimeStep buffer is not shaped for this spec"
                    + " (obs must be N*obsDim=" + spec.numAgents() * spec.obsDim() + "); create it with new TimeStep(env.spec())");
        }
    }

    private void checkSteppable() {
        if (!started) {
            throw new IllegalStateException(spec.taskId() + ": step() called before reset()");
        }
        if (finished) {
            throw new IllegalStateException(spec.taskId() + ": step() called on a finished episode; call reset() first");
        }
    }

    private void afterStep(TimeStep out) {
        started = true;
        finished = out.isLast();
        if (currentMask != null) {
            System.arraycopy(out.actionMask, 0, currentMask, 0, currentMask.length);
        }
    }

    private String legalActions(int agent, int numActions) {
        StringBuilder sb = new StringBuilder("[");
        for (int a = 0; a < numActions; a++) {
            if (currentMask[agent * numActions + a]) {
                sb.append(sb.length() > 1 ? ", " : "").append(a);
            }
        }
        return sb.append(']').toString();
    }
}
