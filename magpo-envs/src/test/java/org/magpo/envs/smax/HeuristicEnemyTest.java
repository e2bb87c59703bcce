package org.magpo.envs.smax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpo.nn.Rng;

/**
 * The heuristic enemy policy in "closest" mode (spec section 6): target choice and memory, default
 * target, chasing, tie-breaking, and the dead-enemy quirk. Two marine allies against one marine enemy
 * (unit 2); the enemy's slot k is ally {@code 1 - k}, so attack action 5 hits ally 1 and 6 hits ally 0.
 */
class HeuristicEnemyTest {
    private final SmaxScenario scenario = SmaxScenario.fixed("mm_vs_m", "mm", "m");
    private final HeuristicEnemy policy = new HeuristicEnemy(2, 1);
    private final Rng rng = new Rng(3);
    private final int[] out = new int[1];

    private SmaxState state(float x0, float y0, float x1, float y1, float ex, float ey) {
        return SmaxState.blank(scenario).place(0, x0, y0).place(1, x1, y1).place(2, ex, ey);
    }

    @Test
    void attacksTheClosestShootableAlly() {
        SmaxState s = state(16f, 16f, 17f, 16f, 20f, 16f);
        policy.act(s, rng, out);
        assertEquals(5, out[0], "ally 1 at 3 is closer than ally 0 at 4");
        assertEquals(0, s.enemyLastAttacked[0]);
        SmaxState t = state(17f, 16f, 16f, 16f, 20f, 16f);
        policy.act(t, rng, out);
        assertEquals(6, out[0]);
        assertEquals(1, t.enemyLastAttacked[0]);
    }

    @Test
    void equalDistancesPickTheLowestSlot() {
        SmaxState s = state(20f, 13f, 20f, 19f, 20f, 16f);
        policy.act(s, rng, out);
        assertEquals(5, out[0], "slot 0 (ally 1) wins the tie");
    }

    @Test
    void keepsAttackingTheLastTargetWhileItIsShootable() {
        SmaxState s = state(17f, 16f, 16f, 16f, 20f, 16f);
        s.enemyLastAttacked[0] = 0; // ally 1, at distance 4
        policy.act(s, rng, out);
        assertEquals(5, out[0], "sticks with ally 1 although ally 0 is closer");
        s.x[1] = 10f; // ally 1 now at distance 10: out of range and out of sight
        policy.act(s, rng, out);
        assertEquals(6, out[0], "switches to the closest shootable ally");
        assertEquals(1, s.enemyLastAttacked[0]);
    }

    @Test
    void withNobodyInSightWalksToTheMirroredStartAndRemembersIt() {
        SmaxState s = state(2f, 2f, 2f, 30f, 24f, 10f);
        policy.act(s, rng, out);
        assertEquals(32f - 24f, s.enemyTargetX[0]);
        assertEquals(32f - 10f, s.enemyTargetY[0]);
        assertEquals(3, out[0], "target (8,22) from (24,10): west (16) beats north (12)");
        assertEquals(-1, s.enemyLastAttacked[0]);
        s.x[2] = 8f;
        s.y[2] = 10f;
        policy.act(s, rng, out);
        assertEquals(8f, s.enemyTargetX[0], "the default target is set once");
        assertEquals(0, out[0], "now straight north");
    }

    @Test
    void chasesAVisibleAllyOutOfRange() {
        SmaxState s = state(21f, 23f, 2f, 2f, 20f, 16f);
        policy.act(s, rng, out);
        assertEquals(0, out[0], "ally 0 at distance 7.07 is visible but not shootable: go north");
        assertEquals(-1, s.enemyLastAttacked[0]);
    }

    @Test
    void chasesARandomVisibleAllyEachStep() {
        SmaxState s = state(20f, 22f, 20f, 10f, 20f, 16f); // one 6 north, one 6 south
        int north = 0;
        int draws = 2000;
        for (int d = 0; d < draws; d++) {
            policy.act(s, rng, out);
            assertTrue(out[0] == 0 || out[0] == 2, "moves N or S, got " + out[0]);
            north += out[0] == 0 ? 1 : 0;
        }
        // Binomial(2000, 1/2): 4 standard deviations = 89.
        assertEquals(1000, north, 89);
    }

    @Test
    void deadEnemySeesNobodyAndReadsItsPositionAsOrigin() {
        SmaxState s = state(21f, 16f, 2f, 2f, 20f, 16f);
        s.health[2] = 0f;
        policy.act(s, rng, out);
        assertEquals(0, out[0], "no attack; target (32,32) from (0,0): N/E tie goes north");
        assertEquals(32f, s.enemyTargetX[0]);
        assertEquals(32f, s.enemyTargetY[0]);
    }

    @Test
    void moveTowardBreaksTiesNorthEastSouthWest() {
        assertEquals(0, HeuristicEnemy.moveToward(1f, 1f));
        assertEquals(1, HeuristicEnemy.moveToward(1f, -1f));
        assertEquals(2, HeuristicEnemy.moveToward(-1f, -1f));
        assertEquals(3, HeuristicEnemy.moveToward(-1f, 0.5f));
        assertEquals(0, HeuristicEnemy.moveToward(0f, 0f));
        assertEquals(2, HeuristicEnemy.moveToward(0.1f, -3f));
    }
}
