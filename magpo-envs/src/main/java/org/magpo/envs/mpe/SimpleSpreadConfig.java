package org.magpo.envs.mpe;

/**
 * Parameters of a JaxMARL {@code SimpleSpreadMPE} task; the physics constants are those of
 * {@link SimpleSpreadEnv} and not configurable, because every benchmark task uses the defaults.
 *
 * @param taskId       registry id reported in the spec, e.g. {@code "mpe:simple_spread_3ag"}
 * @param numAgents    N >= 1
 * @param numLandmarks L >= 1
 * @param localRatio   weight of the own-collision penalty in {@code [0, 1]}; the distance term gets
 *                     {@code 1 - localRatio} (0.5 in every benchmark task)
 * @param actionType   continuous (MAGPO) or discrete
 */
public record SimpleSpreadConfig(String taskId, int numAgents, int numLandmarks, double localRatio,
                                 MpeActionType actionType) {

    public SimpleSpreadConfig {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("SimpleSpreadConfig.taskId must be non-empty, e.g. 'mpe:simple_spread_3ag'");
        }
        if (numAgents < 1) {
            throw new IllegalArgumentException("SimpleSpreadConfig.numAgents must be >= 1, got " + numAgents);
        }
        if (numLandmarks < 1) {
            throw new IllegalArgumentException("SimpleSpreadConfig.numLandmarks must be >= 1, got " + numLandmarks);
        }
        if (!(localRatio >= 0 && localRatio <= 1)) {
            throw new IllegalArgumentException("SimpleSpreadConfig.localRatio must lie in [0, 1], got " + localRatio);
        }
        if (actionType == null) {
            throw new IllegalArgumentException("SimpleSpreadConfig.actionType must be CONTINUOUS or DISCRETE, got null");
        }
    }

    /** The benchmark task with N agents and N landmarks, local ratio 0.5. */
    public static SimpleSpreadConfig benchmark(int numAgents, MpeActionType actionType) {
        return new SimpleSpreadConfig("mpe:simple_spread_" + numAgents + "ag", numAgents, numAgents, 0.5, actionType);
    }

    /** Size of one agent's observation: {@code 4 + 2L + 4(N-1)}. */
    public int obsDim() {
        return 4 + 2 * numLandmarks + 4 * (numAgents - 1);
    }
}
