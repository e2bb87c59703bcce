package org.magpo.envs.rware;

/**
 * The fixed floor plan of one warehouse: which cells are highways, where each shelf lives at reset and
 * where the two goals are. Cells are indexed row-major, {@code cell = row * cols + col}, row 0 at the top.
 *
 * <p>A cell is a highway iff {@code col % 3 == 0}, or {@code row % (columnHeight + 1) == 0}, or it is on the
 * delivery row {@code rows - 1}, or it lies in the middle two columns ({@code cols/2 - 1}, {@code cols/2})
 * below row {@code rows - (columnHeight + 3)} (the lane in front of the goals). Every other cell is a shelf
 * home; shelf ids are given to homes in row-major order. The goals are {@code (rows-1, cols/2-1)} and
 * {@code (rows-1, cols/2)}, always processed in that order.
 */
public final class RwareLayout {
    private final int rows;
    private final int cols;
    private final boolean[] highway;
    private final int[] shelfHome;
    private final int goal0;
    private final int goal1;

    /** Builds the floor plan of {@code config}. */
    public RwareLayout(RwareConfig config) {
        this.rows = config.rows();
        this.cols = config.cols();
        this.highway = new boolean[rows * cols];
        int homes = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                boolean hw = isHighway(r, c, rows, cols, config.columnHeight());
                highway[r * cols + c] = hw;
                if (!hw) {
                    homes++;
                }
            }
        }
        this.shelfHome = new int[homes];
        int s = 0;
        for (int cell = 0; cell < highway.length; cell++) {
            if (!highway[cell]) {
                shelfHome[s++] = cell;
            }
        }
        this.goal0 = (rows - 1) * cols + cols / 2 - 1;
        this.goal1 = (rows - 1) * cols + cols / 2;
    }

    static boolean isHighway(int r, int c, int rows, int cols, int columnHeight) {
        return c % 3 == 0
                || r % (columnHeight + 1) == 0
                || r == rows - 1
                || (r > rows - (columnHeight + 3) && (c == cols / 2 - 1 || c == cols / 2));
    }

    static int countShelfHomes(int shelfRows, int shelfColumns, int columnHeight) {
        int rows = (columnHeight + 1) * shelfRows + 2;
        int cols = 3 * shelfColumns + 1;
        int homes = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (!isHighway(r, c, rows, cols, columnHeight)) {
                    homes++;
                }
            }
        }
        return homes;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Number of cells H*W. */
    public int cells() {
        return highway.length;
    }

    /** Number of shelves S. */
    public int numShelves() {
        return shelfHome.length;
    }

    /** Whether {@code cell} is a highway (shelves cannot be put down there). */
    public boolean isHighway(int cell) {
        return highway[cell];
    }

    /** Home cell of shelf {@code s} (its cell at reset). */
    public int shelfHome(int s) {
        return shelfHome[s];
    }

    /** Cell of goal 0, {@code (rows-1, cols/2-1)}. */
    public int goal0() {
        return goal0;
    }

    /** Cell of goal 1, {@code (rows-1, cols/2)}. */
    public int goal1() {
        return goal1;
    }

    /** Row-major cell index of {@code (row, col)}; fails for a cell outside the grid. */
    public int cell(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IllegalArgumentException("cell (" + row + "," + col + ") is outside the " + rows + "x" + cols
                    + " grid (rows 0.." + (rows - 1) + ", cols 0.." + (cols - 1) + ")");
        }
        return row * cols + col;
    }
}
