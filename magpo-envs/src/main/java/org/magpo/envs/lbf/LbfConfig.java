package org.magpo.envs.lbf;

/**
 * Parameters of one Level-Based Foraging task (Jumanji {@code LevelBasedForaging-v0} with its
 * {@code RandomGenerator}), validated as Jumanji's generator asserts them.
 *
 * <p>Observations are {@code [N, 3(M+N)]} (see {@link LbfEnv}); actions are Discrete(6).
 *
 * @param gridSize      G, the grid is G x G (at least 5)
 * @param fov           field of view (Chebyshev radius), 2..G; fov >= G-1 means full observation
 * @param numAgents     N >= 1
 * @param numFood       M >= 1, placed in the (G-2)^2 interior cells
 * @param maxAgentLevel agent levels are uniform in 1..maxAgentLevel (at least 2)
 * @param forceCoop     every food's level is the sum of the min(3, N) lowest agent levels
 * @param timeLimit     the step that reaches it is LAST (truncation) unless all food is eaten
 * @param agentRowBan   reproduce Jumanji's reset quirk: agents never start in a row whose index equals
 *                      some food's row or column (true, as in the published runs); false bans only
 *                      the food cells themselves
 * @param teamReward    every agent receives the sum of the per-agent rewards (Mava's
 *                      {@code aggregate_rewards}, true in MAGPO); false gives Jumanji's per-agent rewards
 */
public record LbfConfig(int gridSize, int fov, int numAgents, int numFood, int maxAgentLevel, boolean forceCoop,
                        int timeLimit, boolean agentRowBan, boolean teamReward) {

    /** Actions per agent: NOOP, UP, DOWN, LEFT, RIGHT, LOAD. */
    public static final int NUM_ACTIONS = 6;

    public LbfConfig {
        if (gridSize < 5) {
            throw new IllegalArgumentException("LbfConfig.gridSize must be >= 5 (as Jumanji asserts), got " + gridSize);
        }
        if (fov < 2 || fov > gridSize) {
            throw new IllegalArgumentException("LbfConfig.fov must be in 2..gridSize=" + gridSize + ", got " + fov);
        }
        if (numAgents < 1) {
            throw new IllegalArgumentException("LbfConfig.numAgents must be >= 1, got " + numAgents);
        }
        if (numFood < 1) {
            throw new IllegalArgumentException("LbfConfig.numFood must be >= 1, got " + numFood);
        }
        int interior = (gridSize - 2) * (gridSize - 2);
        if (numFood > interior) {
            throw new IllegalArgumentException("LbfConfig.numFood=" + numFood + " does not fit: foods need interior"
                    + " cells and a " + gridSize + "x" + gridSize + " grid has only " + interior);
        }
        if (numAgents + numFood > gridSize * gridSize) {
            throw new IllegalArgumentException("LbfConfig.numAgents=" + numAgents + " does not fit: a " + gridSize + "x"
                    + gridSize + " grid has only " + (gridSize * gridSize - numFood) + " cells free of the "
                    + numFood + " foods");
        }
        if (maxAgentLevel < 2) {
            throw new IllegalArgumentException("LbfConfig.maxAgentLevel must be >= 2 (as Jumanji asserts), got "
                    + maxAgentLevel);
        }
        if (timeLimit < 1) {
            throw new IllegalArgumentException("LbfConfig.timeLimit must be >= 1, got " + timeLimit);
        }
    }

    /** Size of one agent's raw view, {@code 3 * (M + N)}. */
    public int obsDim() {
        return 3 * (numFood + numAgents);
    }

    /** Copy with another time limit. */
    public LbfConfig withTimeLimit(int newTimeLimit) {
        return new LbfConfig(gridSize, fov, numAgents, numFood, maxAgentLevel, forceCoop, newTimeLimit, agentRowBan,
                teamReward);
    }

    /** Copy with the agent-placement row-ban quirk on or off. */
    public LbfConfig withAgentRowBan(boolean on) {
        return new LbfConfig(gridSize, fov, numAgents, numFood, maxAgentLevel, forceCoop, timeLimit, on, teamReward);
    }

    /** Copy with team (true) or per-agent (false) rewards. */
    public LbfConfig withTeamReward(boolean on) {
        return new LbfConfig(gridSize, fov, numAgents, numFood, maxAgentLevel, forceCoop, timeLimit, agentRowBan, on);
    }
}
