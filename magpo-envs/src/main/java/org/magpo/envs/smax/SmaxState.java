package org.magpo.envs.smax;

import java.util.Arrays;

/**
 * The full state of one SMAX battle (spec section 3), as mutable arrays over units {@code u} in
 * {@code [0, nA + nE)} (allies first) plus the heuristic memory of every enemy {@code [nE]}.
 * {@link SmaxEnv} keeps its state in one of these; tests and curricula build one by hand and load
 * it with {@link SmaxEnv#loadState}. A unit is alive iff its health is above 0.
 */
public final class SmaxState {
    /** Positions {@code [U]}, map coordinates in [0, 32] (pushes may leave a unit slightly outside). */
    public final float[] x;
    public final float[] y;
    /** Health {@code [U]} in [0, max health of the type]. */
    public final float[] health;
    /** Unit type ids {@code [U]} in [0, 6). */
    public final int[] type;
    /** Weapon cooldowns in seconds {@code [U]}; never clamped, so usually negative. */
    public final float[] cooldown;
    /** Decoded movement vector of the previous step {@code [U]} ((0,0) after stop or attack). */
    public final float[] prevMoveX;
    public final float[] prevMoveY;
    /** Attack action of the previous step {@code [U]}: 0 for none, else 5 + k in the unit's own numbering. */
    public final int[] prevAttack;
    /** Heuristic memory of enemy k {@code [nE]}: the default movement target. (0,0) with -1 = initial marker. */
    public final float[] enemyTargetX;
    public final float[] enemyTargetY;
    /** Heuristic memory of enemy k {@code [nE]}: the ally slot k' it attacked last, or -1. */
    public final int[] enemyLastAttacked;
    /** Env steps taken in this episode. */
    public int time;

    private final int numAllies;

    /** A blank state (all zeros, memory at the initial marker) for {@code numAllies} vs {@code numEnemies}. */
    public SmaxState(int numAllies, int numEnemies) {
        if (numAllies < 1 || numEnemies < 1) {
            throw new IllegalArgumentException("SmaxState needs numAllies >= 1 and numEnemies >= 1, got "
                    + numAllies + " and " + numEnemies);
        }
        this.numAllies = numAllies;
        int u = numAllies + numEnemies;
        x = new float[u];
        y = new float[u];
        health = new float[u];
        type = new int[u];
        cooldown = new float[u];
        prevMoveX = new float[u];
        prevMoveY = new float[u];
        prevAttack = new int[u];
        enemyTargetX = new float[numEnemies];
        enemyTargetY = new float[numEnemies];
        enemyLastAttacked = new int[numEnemies];
        Arrays.fill(enemyLastAttacked, -1);
    }

    /** A blank state sized for {@code scenario}; fixed-type maps get their types filled in. */
    public static SmaxState blank(SmaxScenario scenario) {
        SmaxState s = new SmaxState(scenario.numAllies(), scenario.numEnemies());
        if (!scenario.smacv2()) {
            for (int u = 0; u < s.numUnits(); u++) {
                s.type[u] = scenario.fixedType(u);
            }
        }
        return s;
    }

    public int numAllies() {
        return numAllies;
    }

    public int numEnemies() {
        return enemyLastAttacked.length;
    }

    public int numUnits() {
        return x.length;
    }

    /** Whether unit {@code u} is alive (health above 0). */
    public boolean alive(int u) {
        return health[u] > 0f;
    }

    /** Places unit {@code u} at (px, py) with full health of its type, for hand-built states. */
    public SmaxState place(int u, float px, float py) {
        x[u] = px;
        y[u] = py;
        health[u] = UnitType.of(type[u]).maxHealth;
        return this;
    }

    /** Copies every field of {@code src} (same sizes) into this state. */
    public void copyFrom(SmaxState src) {
        if (src.numAllies != numAllies || src.numEnemies() != numEnemies()) {
            throw new IllegalArgumentException("SmaxState sizes differ: " + src.numAllies + " vs " + src.numEnemies()
                    + " units cannot be copied into " + numAllies + " vs " + numEnemies());
        }
        System.arraycopy(src.x, 0, x, 0, x.length);
        System.arraycopy(src.y, 0, y, 0, y.length);
        System.arraycopy(src.health, 0, health, 0, health.length);
        System.arraycopy(src.type, 0, type, 0, type.length);
        System.arraycopy(src.cooldown, 0, cooldown, 0, cooldown.length);
        System.arraycopy(src.prevMoveX, 0, prevMoveX, 0, prevMoveX.length);
        System.arraycopy(src.prevMoveY, 0, prevMoveY, 0, prevMoveY.length);
        System.arraycopy(src.prevAttack, 0, prevAttack, 0, prevAttack.length);
        System.arraycopy(src.enemyTargetX, 0, enemyTargetX, 0, enemyTargetX.length);
        System.arraycopy(src.enemyTargetY, 0, enemyTargetY, 0, enemyTargetY.length);
        System.arraycopy(src.enemyLastAttacked, 0, enemyLastAttacked, 0, enemyLastAttacked.length);
        time = src.time;
    }

    /**
     * Checks that every field holds a value the rules can produce: types in [0, 6), finite positions and
     * cooldowns, health in [0, max], valid previous attacks and memory, time in [0, maxTime].
     *
     * @throws IllegalArgumentException naming the field, unit and value
     */
    public void validate(int maxTime) {
        int nA = numAllies;
        int nE = numEnemies();
        for (int u = 0; u < numUnits(); u++) {
            if (type[u] < 0 || type[u] >= UnitType.COUNT) {
                throw new IllegalArgumentException("SmaxState.type[" + u + "] must be in [0, 6), got " + type[u]);
            }
            requireFinite("x", u, x[u]);
            requireFinite("y", u, y[u]);
            requireFinite("cooldown", u, cooldown[u]);
            requireFinite("prevMoveX", u, prevMoveX[u]);
            requireFinite("prevMoveY", u, prevMoveY[u]);
            float max = UnitType.of(type[u]).maxHealth;
            if (!(health[u] >= 0f && health[u] <= max)) {
                throw new IllegalArgumentException("SmaxState.health[" + u + "] must be in [0, " + max + "] for "
                        + UnitType.of(type[u]) + ", got " + health[u]);
            }
            int others = u < nA ? nE : nA;
            int a = prevAttack[u];
            if (a != 0 && (a < SmaxScenario.MOVE_ACTIONS || a >= SmaxScenario.MOVE_ACTIONS + others)) {
                throw new IllegalArgumentException("SmaxState.prevAttack[" + u + "] must be 0 or in [5, "
                        + (SmaxScenario.MOVE_ACTIONS + others) + "), got " + a);
            }
        }
        for (int k = 0; k < nE; k++) {
            requireFinite("enemyTargetX", k, enemyTargetX[k]);
            requireFinite("enemyTargetY", k, enemyTargetY[k]);
            if (enemyLastAttacked[k] < -1 || enemyLastAttacked[k] >= nA) {
                throw new IllegalArgumentException("SmaxState.enemyLastAttacked[" + k + "] must be -1 or in [0, "
                        + nA + "), got " + enemyLastAttacked[k]);
            }
        }
        if (time < 0 || time > maxTime) {
            throw new IllegalArgumentException("SmaxState.time must be in [0, " + maxTime + "], got " + time);
        }
    }

    private static void requireFinite(String field, int index, float v) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("SmaxState." + field + "[" + index + "] must be finite, got " + v);
        }
    }
}
