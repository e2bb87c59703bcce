package org.magpo.envs.rware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magpo.env.EnvSpec;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;

/** Registration of the 15 tasks with the dimensions of rware.md section 1, and errors for bad ids and options. */
class RwareProviderTest {

    /** task, shelf rows, shelf cols, N, queue, grid rows, grid cols, shelves, goal column 0 (rware.md table). */
    private static final Object[][] TABLE = {
        {"tiny-2ag", 1, 3, 2, 2, 11, 10, 32, 4}, {"tiny-2ag-hard", 1, 3, 2, 1, 11, 10, 32, 4},
        {"tiny-4ag", 1, 3, 4, 4, 11, 10, 32, 4}, {"tiny-4ag-hard", 1, 3, 4, 2, 11, 10, 32, 4},
        {"small-4ag", 2, 3, 4, 4, 20, 10, 80, 4}, {"small-4ag-hard", 2, 3, 4, 2, 20, 10, 80, 4},
        {"medium-4ag", 2, 5, 4, 4, 20, 16, 144, 7}, {"medium-4ag-hard", 2, 5, 4, 2, 20, 16, 144, 7},
        {"medium-6ag", 2, 5, 6, 6, 20, 16, 144, 7}, {"large-4ag", 3, 5, 4, 4, 29, 16, 224, 7},
        {"large-4ag-hard", 3, 5, 4, 2, 29, 16, 224, 7}, {"large-8ag", 3, 5, 8, 8, 29, 16, 224, 7},
        {"large-8ag-hard", 3, 5, 8, 4, 29, 16, 224, 7}, {"xlarge-4ag", 4, 5, 4, 4, 38, 16, 304, 7},
        {"xlarge-4ag-hard", 4, 5, 4, 2, 38, 16, 304, 7},
    };

    @Test
    void allFifteenTasksAreRegisteredWithTheSpecifiedDimensions() {
        assertEquals(15, new RwareProvider().tasks().size());
        for (Object[] row : TABLE) {
            String task = (String) row[0];
            assertTrue(Envs.available().contains("rware:" + task), task);
            RwareConfig c = RwareProvider.config(task);
            String m = "task " + task;
            assertEquals(row[1], c.shelfRows(), m);
            assertEquals(row[2], c.shelfColumns(), m);
            assertEquals(row[3], c.numAgents(), m);
            assertEquals(row[4], c.requestQueueSize(), m);
            assertEquals(8, c.columnHeight(), m);
            assertEquals(1, c.sensorRange(), m);
            RwareEnv env = (RwareEnv) Envs.make("rware:" + task, Map.of(), false);
            RwareLayout layout = env.layout();
            assertEquals(row[5], layout.rows(), m);
            assertEquals(row[6], layout.cols(), m);
            assertEquals(row[7], layout.numShelves(), m);
            int goalCol = (Integer) row[8];
            assertEquals(layout.cell(layout.rows() - 1, goalCol), layout.goal0(), m);
            assertEquals(layout.cell(layout.rows() - 1, goalCol + 1), layout.goal1(), m);
            EnvSpec spec = Envs.make("rware:" + task).spec();
            assertEquals(c.numAgents() + 66, spec.obsDim(), m + " Mava obs = N + 66");
            assertEquals(5, spec.numActions(), m);
            assertEquals(500, spec.timeLimit(), m);
            assertEquals(0, spec.stateDim(), m);
        }
    }

    @Test
    void tinyLayoutMatchesTheSpecDrawing() {
        String[] drawing = {
            "..........", ".XX....XX.", ".XX....XX.", ".XX....XX.", ".XX....XX.", ".XX....XX.",
            ".XX....XX.", ".XX....XX.", ".XX....XX.", "..........", "....GG....",
        };
        RwareLayout layout = new RwareLayout(RwareProvider.config("tiny-2ag"));
        StringBuilder got = new StringBuilder();
        StringBuilder want = new StringBuilder();
        for (int r = 0; r < layout.rows(); r++) {
            for (int c = 0; c < layout.cols(); c++) {
                int cell = layout.cell(r, c);
                got.append(cell == layout.goal0() || cell == layout.goal1() ? 'G' : layout.isHighway(cell) ? '.' : 'X');
            }
            got.append('\n');
            want.append(drawing[r]).append('\n');
        }
        assertEquals(want.toString(), got.toString());
        assertEquals(layout.cell(1, 1), layout.shelfHome(0));
        assertEquals(layout.cell(1, 8), layout.shelfHome(3));
        assertEquals(layout.cell(2, 1), layout.shelfHome(4));
        assertEquals(layout.cell(8, 8), layout.shelfHome(31));
    }

    @Test
    void mediumRemovesTheMiddleClusterOnlyInTheBottomBlock() {
        RwareLayout layout = new RwareLayout(RwareProvider.config("medium-4ag"));
        for (int r = 1; r <= 8; r++) {
            assertTrue(!layout.isHighway(layout.cell(r, 7)) && !layout.isHighway(layout.cell(r, 8)), "top block row " + r);
        }
        for (int r = 10; r <= 17; r++) {
            assertTrue(layout.isHighway(layout.cell(r, 7)) && layout.isHighway(layout.cell(r, 8)), "bottom block row " + r);
            assertTrue(!layout.isHighway(layout.cell(r, 4)) && !layout.isHighway(layout.cell(r, 11)), "other clusters");
        }
    }

    @Test
    void unknownOrMalformedTaskIdsFailListingWhatExists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RwareProvider().make("tiny-3ag", Map.of()));
        assertTrue(e.getMessage().contains("tiny-3ag") && e.getMessage().contains("tiny-2ag"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RwareProvider().make(null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Envs.make("rware"));
        assertThrows(IllegalArgumentException.class, () -> Envs.make("rware:"));
        assertThrows(IllegalArgumentException.class, () -> Envs.make("rware:TINY-2AG"));
    }

    @Test
    void optionsAreValidatedAndUnknownOnesRejected() {
        MultiAgentEnv shorter = Envs.make("rware:tiny-2ag", Map.of("timeLimit", "25"), false);
        assertEquals(25, shorter.spec().timeLimit());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("rware:tiny-2ag", Map.of("sensorRange", "2"), false));
        assertTrue(unknown.getMessage().contains("sensorRange") && unknown.getMessage().contains("timeLimit"));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("rware:tiny-2ag", Map.of("timeLimit", "0"), false));
        assertTrue(zero.getMessage().contains("timeLimit"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Envs.make("rware:tiny-2ag", Map.of("timeLimit", "ten"), false));
        IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("rware:tiny-2ag", Map.of("globalState", "yes"), false));
        assertTrue(flag.getMessage().contains("globalState"), flag.getMessage());
    }
}
