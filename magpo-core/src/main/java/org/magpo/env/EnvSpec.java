package org.magpo.env;

/**
 * Static description of a multi-agent task: what a policy needs to know to be built for it.
 *
 * @param taskId     registry id, e.g. {@code "coordsum:3x30-50"}
 * @param numAgents  N, number of agents (all agents act at every step)
 * @param obsDim     size of one agent's observation vector; observations are {@code [N, obsDim]}
 * @param stateDim   size of the global state vector, or 0 when the environment provides none
 * @param actionSpace per-agent action space (identical for all agents)
 * @param timeLimit  maximum number of steps of one episode (the step that reaches it is LAST)
 */
public record EnvSpec(String taskId, int numAgents, int obsDim, int stateDim, ActionSpace actionSpace, int timeLimit) {

    public EnvSpec {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("EnvSpec.taskId must be a non-empty id such as 'coordsum:3x30-50'");
        }
        if (numAgents < 1) {
            throw new IllegalArgumentException("EnvSpec.numAgents must be >= 1, got " + numAgents);
        }
        if (obsDim < 1) {
            throw new IllegalArgumentException("EnvSpec.obsDim must be >= 1, got " + obsDim);
        }
        if (stateDim < 0) {
            throw new IllegalArgumentException("EnvSpec.stateDim must be >= 0 (0 = no global state), got " + stateDim);
        }
        if (actionSpace == null) {
            throw new IllegalArgumentException("EnvSpec.actionSpace must not be null");
        }
        if (timeLimit < 1) {
            throw new IllegalArgumentException("EnvSpec.timeLimit must be >= 1, got " + timeLimit);
        }
    }

    /** True for a {@link ActionSpace.Discrete} action space. */
    public boolean isDiscrete() {
        return actionSpace instanceof ActionSpace.Discrete;
    }

    /** Number of discrete actions A; throws for a continuous space. */
    public int numActions() {
        if (actionSpace instanceof ActionSpace.Discrete d) {
            return d.n();
        }
        throw new IllegalStateException("task " + taskId + " has a continuous action space " + actionSpace
                + "; numActions() is only defined for discrete spaces");
    }

    /** Copy with another observation size (used by observation wrappers). */
    public EnvSpec withObsDim(int newObsDim) {
        return new EnvSpec(taskId, numAgents, newObsDim, stateDim, actionSpace, timeLimit);
    }
}
