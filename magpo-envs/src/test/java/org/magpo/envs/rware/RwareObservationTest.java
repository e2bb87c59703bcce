package org.magpo.envs.rware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpo.envs.rware.RwareEnv.DIR_DOWN;
import static org.magpo.envs.rware.RwareEnv.DIR_LEFT;
import static org.magpo.envs.rware.RwareEnv.DIR_RIGHT;
import static org.magpo.envs.rware.RwareEnv.DIR_UP;
import static org.magpo.envs.rware.RwareEnv.FORWARD;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.TimeStep;

/**
 * The 66-entry view of rware.md section 8, index by index, on hand-computed tiny-warehouse states
 * (shelf ids: row r in 1..8 holds 4(r-1) + {0,1,2,3} at cols {1,2,7,8}).
 */
class RwareObservationTest {
    private static final int SIZE = 66;

    private static float[] view(RwareScenario s, int agent) {
        return Arrays.copyOfRange(s.out.obs, agent * SIZE, (agent + 1) * SIZE);
    }

    /** Expected vector from (index, value) pairs; everything else 0. */
    private static float[] expected(int... pairs) {
        float[] v = new float[SIZE];
        for (int k = 0; k < pairs.length; k += 2) {
            v[pairs[k]] = pairs[k + 1];
        }
        return v;
    }

    @Test
    void viewFollowsTheTableInANormalState() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 2, 2, DIR_RIGHT).robot(1, 1, 3, DIR_DOWN)
                .queue(5, 1).load();
        assertEquals(SIZE, s.env.spec().obsDim());
        // Robot 0 at (2,2) on shelf 5, facing RIGHT; robot 1 up-right of it (c2 -> agent slot 2, base 18).
        assertArrayEquals(expected(0, 2, 1, 2, 4, 1,
                18, 1, 21, 1,
                48, 1, 49, 0, 50, 1, 51, 1, 54, 1, 56, 1, 57, 1, 60, 1, 62, 1), view(s, 0));
        // Robot 1 at (1,3) on a highway facing DOWN; robot 0 down-left (c6 -> agent slot 5, base 33).
        assertArrayEquals(expected(0, 1, 1, 3, 5, 1, 7, 1,
                33, 1, 35, 1,
                54, 1, 55, 1, 60, 1, 61, 1), view(s, 1));
    }

    @Test
    void cellsOutsideTheGridCountAsEmptyAtEveryBorder() {
        RwareScenario s = RwareScenario.tiny(3, 2).robot(0, 0, 0, DIR_LEFT).robot(1, 10, 9, DIR_DOWN)
                .robot(2, 1, 9, DIR_UP).queue(0, 1).load();
        // Top-left corner: only (1,1) = requested shelf 0 is seen, in shelf slot c8.
        assertArrayEquals(expected(6, 1, 7, 1, 64, 1, 65, 1), view(s, 0));
        // Bottom-right corner: nothing around.
        assertArrayEquals(expected(0, 10, 1, 9, 5, 1, 7, 1), view(s, 1));
        // Right border next to shelves 3 (1,8) and 7 (2,8), neither requested.
        assertArrayEquals(expected(0, 1, 1, 9, 3, 1, 7, 1, 54, 1, 60, 1), view(s, 2));
    }

    @Test
    void carriedShelfShowsInTheOwnCellSlot() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 9, 3, DIR_UP).carrying(0, 0).queue(0, 1).load();
        float[] v = view(s, 0);
        assertEquals(1f, v[2], "carrying");
        assertEquals(1f, v[56], "own cell has a shelf");
        assertEquals(1f, v[57], "and it is requested");
    }

    @Test
    void terminalViewAfterACollisionShiftsAndClampsLikeJumanji() {
        // Robots 0 and 1 both enter (3,1); robot 1 moves last, so robot 0's own cell holds id 2.
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 2, 1, DIR_DOWN).robot(1, 4, 1, DIR_UP).queue(9, 5).load();
        s.step(FORWARD, FORWARD);
        assertTrue(s.env.lastCollision());
        // Own cell uses agent slot cursor 28 (robot 1, UP); the shelf cursor then starts at 53 and the
        // writes for (3,2), (4,1), (4,2) are clamped onto 63/64..65, the last one (shelf 13, unrequested) wins.
        assertArrayEquals(expected(0, 3, 1, 1, 5, 1,
                28, 1, 29, 1,
                55, 1, 56, 0, 57, 1, 58, 1, 61, 1, 62, 0, 63, 1, 64, 1, 65, 0), view(s, 0));
        // Robot 1 still finds its own id on its cell: a normal view.
        assertArrayEquals(expected(0, 3, 1, 1, 3, 1,
                50, 1, 52, 1, 53, 1, 56, 1, 58, 1, 59, 1, 62, 1, 64, 1), view(s, 1));
    }

    @Test
    void mavaViewPrependsTheOneHotAgentIdToTheRawView() {
        MultiAgentEnv wrapped = Envs.make("rware:tiny-2ag");
        MultiAgentEnv raw = Envs.make("rware:tiny-2ag", Map.of(), false);
        assertEquals(68, wrapped.spec().obsDim());
        TimeStep w = new TimeStep(wrapped.spec());
        TimeStep r = new TimeStep(raw.spec());
        wrapped.reset(11, w);
        raw.reset(11, r);
        for (int i = 0; i < 2; i++) {
            assertEquals(i == 0 ? 1f : 0f, w.obs[i * 68]);
            assertEquals(i == 1 ? 1f : 0f, w.obs[i * 68 + 1]);
            assertArrayEquals(Arrays.copyOfRange(r.obs, i * 66, (i + 1) * 66),
                    Arrays.copyOfRange(w.obs, i * 68 + 2, (i + 1) * 68));
        }
    }

    @Test
    void globalStateOptionConcatenatesTheRawViews() {
        MultiAgentEnv env = Envs.make("rware:tiny-4ag", Map.of("globalState", "true"), false);
        assertEquals(4 * 66, env.spec().stateDim());
        TimeStep out = new TimeStep(env.spec());
        env.reset(3, out);
        assertArrayEquals(out.obs, out.state);
        env.step(new int[] {2, 2, 3, 3}, out);
        assertArrayEquals(out.obs, out.state);
        assertEquals(0, Envs.make("rware:tiny-4ag", Map.of(), false).spec().stateDim(), "MAGPO runs without one");
    }
}
