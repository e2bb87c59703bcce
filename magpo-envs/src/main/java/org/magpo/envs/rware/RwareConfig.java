package org.magpo.envs.rware;

/**
 * Parameters of one Robotic Warehouse task (Jumanji {@code RobotWarehouse-v0} with its
 * {@code RandomGenerator}). The layout follows from the first three fields: a grid of
 * {@code [rows, cols]} = {@code [(columnHeight + 1) * shelfRows + 2, 3 * shelfColumns + 1]} cells.
 *
 * @param shelfRows        number of shelf blocks stacked vertically (>= 1)
 * @param shelfColumns     number of shelf clusters side by side (odd, >= 1)
 * @param columnHeight     shelf cells per cluster column (>= 1); 8 in every benchmark task
 * @param numAgents        N robots (>= 1, at most one per grid cell)
 * @param sensorRange      R: robots see the {@code (2R+1) x (2R+1)} window around them (>= 1)
 * @param requestQueueSize Q requested shelves at any time (1 .. numShelves - 1, so a replacement always exists)
 * @param timeLimit        steps per episode; the step that reaches it is LAST with discount 0 (>= 1)
 */
public record RwareConfig(int shelfRows, int shelfColumns, int columnHeight, int numAgents, int sensorRange,
                          int requestQueueSize, int timeLimit) {

    /** Column height, sensor range and time limit of every task in the MAGPO evaluation. */
    public static final int BENCHMARK_COLUMN_HEIGHT = 8;
    public static final int BENCHMARK_SENSOR_RANGE = 1;
    public static final int BENCHMARK_TIME_LIMIT = 500;

    public RwareConfig {
        if (shelfRows < 1) {
            throw new IllegalArgumentException("RwareConfig.shelfRows must be >= 1, got " + shelfRows);
        }
        if (shelfColumns < 1 || shelfColumns % 2 == 0) {
            throw new IllegalArgumentException("RwareConfig.shelfColumns must be odd and >= 1 (the goals sit under the"
                    + " middle cluster), got " + shelfColumns);
        }
        if (columnHeight < 1) {
            throw new IllegalArgumentException("RwareConfig.columnHeight must be >= 1, got " + columnHeight);
        }
        if (sensorRange < 1) {
            throw new IllegalArgumentException("RwareConfig.sensorRange must be >= 1, got " + sensorRange);
        }
        if (timeLimit < 1) {
            throw new IllegalArgumentException("RwareConfig.timeLimit must be >= 1, got " + timeLimit);
        }
        int cells = rows(shelfRows, columnHeight) * cols(shelfColumns);
        if (numAgents < 1 || numAgents > cells) {
            throw new IllegalArgumentException("RwareConfig.numAgents must be in 1.." + cells + " (robots start on distinct"
                    + " cells of the " + rows(shelfRows, columnHeight) + "x" + cols(shelfColumns) + " grid), got "
                    + numAgents);
        }
        int shelves = RwareLayout.countShelfHomes(shelfRows, shelfColumns, columnHeight);
        if (requestQueueSize < 1 || requestQueueSize > shelves - 1) {
            throw new IllegalArgumentException("RwareConfig.requestQueueSize must be in 1.." + (shelves - 1)
                    + " (the layout has " + shelves + " shelves and a delivered shelf needs an unrequested"
                    + " replacement), got " + requestQueueSize);
        }
    }

    /** A benchmark task: column height 8, sensor range 1, time limit 500. */
    public static RwareConfig benchmark(int shelfRows, int shelfColumns, int numAgents, int requestQueueSize) {
        return new RwareConfig(shelfRows, shelfColumns, BENCHMARK_COLUMN_HEIGHT, numAgents, BENCHMARK_SENSOR_RANGE,
                requestQueueSize, BENCHMARK_TIME_LIMIT);
    }

    /** Same task with another time limit. */
    public RwareConfig withTimeLimit(int newTimeLimit) {
        return new RwareConfig(shelfRows, shelfColumns, columnHeight, numAgents, sensorRange, requestQueueSize,
                newTimeLimit);
    }

    /** Grid rows H. */
    public int rows() {
        return rows(shelfRows, columnHeight);
    }

    /** Grid columns W. */
    public int cols() {
        return cols(shelfColumns);
    }

    /** Number of shelves S (= number of shelf homes). */
    public int numShelves() {
        return RwareLayout.countShelfHomes(shelfRows, shelfColumns, columnHeight);
    }

    /** Cells in the sensor window, K = (2R+1)^2. */
    public int windowCells() {
        int side = 2 * sensorRange + 1;
        return side * side;
    }

    /** Length of one robot's raw observation: 8 + 5(K-1) + 2K (66 for R = 1). */
    public int obsSize() {
        int k = windowCells();
        return 8 + 5 * (k - 1) + 2 * k;
    }

    private static int rows(int shelfRows, int columnHeight) {
        return (columnHeight + 1) * shelfRows + 2;
    }

    private static int cols(int shelfColumns) {
        return 3 * shelfColumns + 1;
    }
}
