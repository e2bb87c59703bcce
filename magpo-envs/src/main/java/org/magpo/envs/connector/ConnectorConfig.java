package org.magpo.envs.connector;

/**
 * Parameters of a Jumanji {@code Connector-v2} task.
 *
 * @param taskId          registry id reported in the spec, e.g. {@code "connector:con-5x5x3a"}
 * @param gridSize        G, the board is G x G (>= 2)
 * @param numAgents       N >= 1, with {@code 2N <= G²} so that every agent fits a start and a first step
 * @param timeLimit       steps per episode at most (G² in every benchmark task)
 * @param observation     vector (default for MAGPO's MLP networks) or grid observation
 * @param aggregateRewards true (Mava's default): every agent receives the team sum of the per-agent
 *                        rewards; false: each agent its own reward
 */
public record ConnectorConfig(String taskId, int gridSize, int numAgents, int timeLimit,
                              ConnectorObservation observation, boolean aggregateRewards) {

    public ConnectorConfig {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("ConnectorConfig.taskId must be non-empty, e.g. 'connector:con-5x5x3a'");
        }
        if (gridSize < 2) {
            throw new IllegalArgumentException("ConnectorConfig.gridSize must be >= 2, got " + gridSize);
        }
        if (numAgents < 1 || 2 * numAgents > gridSize * gridSize) {
            throw new IllegalArgumentException("ConnectorConfig.numAgents must lie in [1, gridSize²/2="
                    + gridSize * gridSize / 2 + "], got " + numAgents);
        }
        if (timeLimit < 1) {
            throw new IllegalArgumentException("ConnectorConfig.timeLimit must be >= 1, got " + timeLimit);
        }
        if (observation == null) {
            throw new IllegalArgumentException("ConnectorConfig.observation must be VECTOR or GRID, got null");
        }
    }

    /** A benchmark task {@code con-GxGxNa}: time limit G², team reward. */
    public static ConnectorConfig benchmark(int gridSize, int numAgents, ConnectorObservation observation) {
        return new ConnectorConfig("connector:con-" + gridSize + "x" + gridSize + "x" + numAgents + "a", gridSize,
                numAgents, gridSize * gridSize, observation, true);
    }

    /** Per-agent observation size: 54 (vector) or {@code G*G*5} (grid). */
    public int obsDim() {
        return observation == ConnectorObservation.VECTOR ? ConnectorViews.VECTOR_SIZE : gridSize * gridSize * 5;
    }

    /** Global state size: {@code N*54} (vector) or {@code G*G*3} (grid). */
    public int stateDim() {
        return observation == ConnectorObservation.VECTOR ? numAgents * ConnectorViews.VECTOR_SIZE
                : gridSize * gridSize * 3;
    }
}
