package org.magpo.envs.smax;

import org.magpo.nn.Rng;

/**
 * Draws the start positions and unit types of a new battle (spec section 3, steps 1-2), before the
 * reset push. Standard maps: allies around (8, 16), enemies around (24, 16), each with U(-2,2)² noise.
 * SMACv2 maps: JaxMARL's SurroundAndReflect positions and uniform, mirrored unit types.
 */
final class StartLayout {
    static final float MAP = 32f;
    private static final float[] CORNER_X = {0f, 0f, MAP, MAP};
    private static final float[] CORNER_Y = {0f, MAP, 0f, MAP};

    /** Which SMACv2 layout the last draw used (for tests of the sampler). */
    enum Kind { STANDARD, REFLECT, SURROUND_ALLIES_INSIDE, SURROUND_ENEMIES_INSIDE }

    private final SmaxScenario scenario;
    /** Group anchor positions of the surround layout, reused to avoid allocation. */
    private final float[] groupX = new float[4];
    private final float[] groupY = new float[4];

    StartLayout(SmaxScenario scenario) {
        this.scenario = scenario;
    }

    /** Writes positions and types of every unit of {@code s}; returns the layout drawn. */
    Kind draw(Rng rng, SmaxState s) {
        int nA = scenario.numAllies();
        int nU = scenario.numUnits();
        if (!scenario.smacv2()) {
            for (int u = 0; u < nU; u++) {
                s.type[u] = scenario.fixedType(u);
            }
            for (int u = 0; u < nU; u++) {
                s.x[u] = (u < nA ? MAP / 4 : MAP / 4 * 3) + noise(rng);
                s.y[u] = MAP / 2 + noise(rng);
            }
            return Kind.STANDARD;
        }
        drawTypes(rng, s);
        if (rng.nextFloat() < 0.5f) {
            boolean alliesInside = rng.nextInt(2) == 1;
            surround(rng, s, alliesInside);
            return alliesInside ? Kind.SURROUND_ALLIES_INSIDE : Kind.SURROUND_ENEMIES_INSIDE;
        }
        reflect(rng, s);
        return Kind.REFLECT;
    }

    /** Ally types uniform over the 6 types; enemy k copies ally k; extra enemies uniform. */
    private void drawTypes(Rng rng, SmaxState s) {
        int nA = scenario.numAllies();
        for (int u = 0; u < nA; u++) {
            s.type[u] = rng.nextInt(UnitType.COUNT);
        }
        for (int k = 0; k < scenario.numEnemies(); k++) {
            s.type[nA + k] = k < nA ? s.type[k] : rng.nextInt(UnitType.COUNT);
        }
    }

    /** Allies uniform on the left half; enemy k mirrors ally k about x = 16; extra enemies on the right half. */
    private void reflect(Rng rng, SmaxState s) {
        int nA = scenario.numAllies();
        for (int u = 0; u < nA; u++) {
            s.x[u] = rng.nextFloat() * (MAP / 2);
            s.y[u] = rng.nextFloat() * MAP;
        }
        for (int k = 0; k < scenario.numEnemies(); k++) {
            int u = nA + k;
            if (k < nA) {
                s.x[u] = MAP - s.x[k];
                s.y[u] = s.y[k];
            } else {
                s.x[u] = MAP / 2 + rng.nextFloat() * (MAP / 2);
                s.y[u] = rng.nextFloat() * MAP;
            }
        }
    }

    /** One team near the centre, the other in four groups between the centre and the corners. */
    private void surround(Rng rng, SmaxState s, boolean alliesInside) {
        int nA = scenario.numAllies();
        int nU = scenario.numUnits();
        for (int g = 0; g < 4; g++) {
            float t = rng.nextFloat();
            groupX[g] = t * (MAP / 2) + (1 - t) * CORNER_X[g];
            groupY[g] = t * (MAP / 2) + (1 - t) * CORNER_Y[g];
        }
        for (int u = 0; u < nU; u++) {
            boolean inside = (u < nA) == alliesInside;
            if (inside) {
                s.x[u] = MAP / 2 + noise(rng);
                s.y[u] = MAP / 2 + noise(rng);
            } else {
                int g = rng.nextInt(4);
                s.x[u] = groupX[g] + noise(rng);
                s.y[u] = groupY[g] + noise(rng);
            }
        }
    }

    /** U(-2, 2). */
    private static float noise(Rng rng) {
        return -2f + 4f * rng.nextFloat();
    }
}
