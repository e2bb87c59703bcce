package org.magpo.envs.smax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpo.nn.Rng;

/**
 * Start positions and unit types before the reset push (spec section 3): the standard spawn boxes and
 * SMACv2's SurroundAndReflect layout with mirrored uniform types. Frequencies use a fixed seed and
 * 4-standard-deviation bounds.
 */
class StartLayoutTest {

    @Test
    void standardMapsSpawnInTwoBoxesWithTheMapTypes() {
        SmaxScenario sc = SmaxScenario.named("2s3z");
        StartLayout layout = new StartLayout(sc);
        SmaxState s = SmaxState.blank(sc);
        Rng rng = new Rng(5);
        for (int d = 0; d < 200; d++) {
            assertEquals(StartLayout.Kind.STANDARD, layout.draw(rng, s));
            for (int u = 0; u < 10; u++) {
                float cx = u < 5 ? 8f : 24f;
                assertTrue(Math.abs(s.x[u] - cx) <= 2f && Math.abs(s.y[u] - 16f) <= 2f, "unit " + u);
                assertEquals(new int[] {2, 2, 3, 3, 3}[u % 5], s.type[u]);
            }
        }
    }

    @Test
    void smacv2DrawsSurroundOrReflectWithMirroredUniformTypes() {
        SmaxScenario sc = SmaxScenario.named("smacv2_10_units");
        StartLayout layout = new StartLayout(sc);
        SmaxState s = SmaxState.blank(sc);
        Rng rng = new Rng(11);
        int draws = 4000;
        int reflect = 0;
        int alliesInside = 0;
        int[] typeCounts = new int[UnitType.COUNT];
        for (int d = 0; d < draws; d++) {
            StartLayout.Kind kind = layout.draw(rng, s);
            for (int k = 0; k < 10; k++) {
                assertEquals(s.type[k], s.type[10 + k], "enemy " + k + " mirrors ally " + k + "'s type");
                typeCounts[s.type[k]]++;
            }
            switch (kind) {
                case REFLECT -> {
                    reflect++;
                    for (int k = 0; k < 10; k++) {
                        assertTrue(s.x[k] >= 0f && s.x[k] <= 16f && s.y[k] >= 0f && s.y[k] <= 32f, "ally " + k);
                        assertEquals(32f - s.x[k], s.x[10 + k], 1e-5f);
                        assertEquals(s.y[k], s.y[10 + k]);
                    }
                }
                case SURROUND_ALLIES_INSIDE, SURROUND_ENEMIES_INSIDE -> {
                    boolean allies = kind == StartLayout.Kind.SURROUND_ALLIES_INSIDE;
                    alliesInside += allies ? 1 : 0;
                    for (int u = 0; u < 20; u++) {
                        if ((u < 10) == allies) {
                            assertTrue(Math.abs(s.x[u] - 16f) <= 2f && Math.abs(s.y[u] - 16f) <= 2f, "inside " + u);
                        } else {
                            // Within the noise box of a point on a centre-to-corner diagonal.
                            boolean onDiagonal = Math.abs(s.x[u] - s.y[u]) <= 4f
                                    || Math.abs(s.x[u] + s.y[u] - 32f) <= 4f;
                            assertTrue(onDiagonal, "outside unit " + u + " at (" + s.x[u] + ", " + s.y[u] + ")");
                        }
                    }
                }
                default -> throw new AssertionError("SMACv2 map drew " + kind);
            }
        }
        // Bernoulli(1/2) over 4000 draws: sd 31.6.
        assertEquals(2000, reflect, 127);
        int surround = draws - reflect;
        assertEquals(surround / 2.0, alliesInside, 4 * Math.sqrt(surround / 4.0));
        double perType = draws * 10 / 6.0;
        for (int t = 0; t < UnitType.COUNT; t++) {
            assertEquals(perType, typeCounts[t], 4 * Math.sqrt(draws * 10 * (1 / 6.0) * (5 / 6.0)), "type " + t);
        }
    }
}
