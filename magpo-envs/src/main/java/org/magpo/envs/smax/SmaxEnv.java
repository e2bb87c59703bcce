package org.magpo.envs.smax;

import java.util.Arrays;
import org.magpo.env.AbstractMultiAgentEnv;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * JaxMARL's {@code HeuristicEnemySMAX} as MAGPO ran it through Mava (spec {@code shared/envs/smax.md}):
 * nA controlled allies fight nE heuristic enemies on a 32 x 32 map; discrete actions with an
 * availability mask, "unit_list" observations, dense reward shaping plus a +1 win bonus, walls kill.
 *
 * <p>Shapes per step: observations {@code [nA, 13(nA-1) + 13nE + 10]}, action mask {@code [nA, 5 + nE]},
 * shared reward {@code [nA]}, discount {@code [nA]} = 1 for alive and 0 for dead allies (also on the
 * LAST step, as in Mava), world state {@code [12(nA+nE)]}. Episodes end when a team is wiped out or on
 * the 101st step (the reference checks {@code time >= 100} before incrementing), so
 * {@link EnvSpec#timeLimit()} is 101. This class does not auto-reset: the LAST step carries the final
 * observation and {@link org.magpo.env.VectorEnv} resets. {@link #outcome()} tells a win from a loss,
 * draw or timeout (the win rate is the evaluation metric).
 *
 * <p>Randomness (reset, cooldown jitter, the heuristic's random chase target) comes from a {@link Rng}
 * seeded by {@link #reset}. Stepping allocates nothing; a reset allocates only its small Rng.
 */
public final class SmaxEnv extends AbstractMultiAgentEnv {
    /** JaxMARL {@code max_steps}: the step taken at time 100 is the last one. */
    public static final int MAX_STEPS = 100;
    /** World sub-steps per env step. */
    public static final int SUB_STEPS = 8;
    /** Seconds per world sub-step. */
    public static final float DT = 1f / 16f;
    static final float MAP = StartLayout.MAP;
    private static final int UF = SmaxScenario.UNIT_FEATURES;
    private static final int OWN = SmaxScenario.OWN_FEATURES;
    private static final int MOVES = SmaxScenario.MOVE_ACTIONS;

    private final SmaxScenario scenario;
    private final int nA;
    private final int nE;
    private final int nU;
    private final int numActions;
    private final int obsDim;
    private final SmaxState s;
    private final StartLayout layout;
    private final HeuristicEnemy heuristic;
    private Rng rng = new Rng(0);
    private BattleOutcome outcome = BattleOutcome.ONGOING;

    // Decoded actions of the current env step, all units [U].
    private final float[] moveX;
    private final float[] moveY;
    private final int[] attack;
    private final int[] enemyActions;
    // Sub-step scratch [U].
    private final float[] healthBefore;
    private final float[] nextX;
    private final float[] nextY;
    private final float[] damage;
    private final float[] pushX;
    private final float[] pushY;
    // Per-unit stats of the current episode's types [U], refreshed on reset/load (types never change mid-episode).
    private final float[] radius;
    private final float[] stepSpeed;

    /** One battle of {@code scenario}, registered as {@code smax:<name>}. */
    public SmaxEnv(SmaxScenario scenario) {
        super(new EnvSpec("smax:" + scenario.name(), scenario.numAllies(), scenario.obsDim(), scenario.stateDim(),
                new ActionSpace.Discrete(scenario.numAllyActions()), MAX_STEPS + 1));
        this.scenario = scenario;
        this.nA = scenario.numAllies();
        this.nE = scenario.numEnemies();
        this.nU = scenario.numUnits();
        this.numActions = scenario.numAllyActions();
        this.obsDim = scenario.obsDim();
        this.s = SmaxState.blank(scenario);
        this.layout = new StartLayout(scenario);
        this.heuristic = new HeuristicEnemy(nA, nE);
        this.moveX = new float[nU];
        this.moveY = new float[nU];
        this.attack = new int[nU];
        this.enemyActions = new int[nE];
        this.healthBefore = new float[nU];
        this.nextX = new float[nU];
        this.nextY = new float[nU];
        this.damage = new float[nU];
        this.pushX = new float[nU];
        this.pushY = new float[nU];
        this.radius = new float[nU];
        this.stepSpeed = new float[nU];
    }

    /** Caches the stats the sub-step loops read per unit or per pair. */
    private void cacheUnitStats() {
        for (int u = 0; u < nU; u++) {
            UnitType t = UnitType.of(s.type[u]);
            radius[u] = t.radius;
            stepSpeed[u] = t.speed * DT;
        }
    }

    public SmaxScenario scenario() {
        return scenario;
    }

    /** How the last step (or load/reset) left the battle; {@link BattleOutcome#WON} counts as a win. */
    public BattleOutcome outcome() {
        return outcome;
    }

    /** True when the last step won the battle (Mava's {@code won_episode}). */
    public boolean won() {
        return outcome == BattleOutcome.WON;
    }

    /** Copies the current battle state into {@code into} (sized for this scenario). */
    public void copyState(SmaxState into) {
        into.copyFrom(s);
    }

    @Override
    protected void doReset(long seed, TimeStep out) {
        rng = new Rng(seed);
        layout.draw(rng, s);
        for (int u = 0; u < nU; u++) {
            s.health[u] = UnitType.of(s.type[u]).maxHealth;
            s.cooldown[u] = 0f;
            s.prevMoveX[u] = 0f;
            s.prevMoveY[u] = 0f;
            s.prevAttack[u] = 0;
        }
        Arrays.fill(s.enemyTargetX, 0f);
        Arrays.fill(s.enemyTargetY, 0f);
        Arrays.fill(s.enemyLastAttacked, -1);
        s.time = 0;
        cacheUnitStats();
        push();
        outcome = BattleOutcome.ONGOING;
        out.beginFirst();
        writeObservation(out);
    }

    /**
     * Replaces the battle with {@code state} (hand-built tests, curricula) and writes its observation,
     * mask and world state into {@code out}: a FIRST step when {@code state.time == 0}, else MID, with zero
     * reward. The next {@code step} is validated against that mask. Later randomness comes from {@code seed}.
     *
     * @throws IllegalArgumentException when the state does not fit this scenario or holds an impossible value
     */
    public void loadState(SmaxState state, long seed, TimeStep out) {
        if (state == null || state.numAllies() != nA || state.numEnemies() != nE) {
            throw new IllegalArgumentException(spec().taskId() + ": loaded state must have " + nA + " allies and "
                    + nE + " enemies, got " + (state == null ? "null"
                    : state.numAllies() + " and " + state.numEnemies()));
        }
        state.validate(MAX_STEPS);
        s.copyFrom(state);
        cacheUnitStats();
        rng = new Rng(seed);
        outcome = BattleOutcome.ONGOING;
        out.beginFirst();
        out.stepType = s.time == 0 ? StepType.FIRST : StepType.MID;
        out.stepCount = s.time;
        writeObservation(out);
        stateLoaded(out);
    }

    @Override
    protected void doStep(int[] actions, TimeStep out) {
        // 0. Enemy actions from the state at the start of the step; all actions stay fixed for 8 sub-steps.
        heuristic.act(s, rng, enemyActions);
        for (int i = 0; i < nA; i++) {
            decode(i, actions[i]);
        }
        for (int k = 0; k < nE; k++) {
            decode(nA + k, enemyActions[k]);
        }
        System.arraycopy(s.health, 0, healthBefore, 0, nU);
        for (int sub = 0; sub < SUB_STEPS; sub++) {
            subStep();
        }
        boolean alliesDead = true;
        for (int u = 0; u < nA; u++) {
            alliesDead &= !s.alive(u);
        }
        boolean enemiesDead = true;
        float dealt = 0f;
        for (int u = nA; u < nU; u++) {
            enemiesDead &= !s.alive(u);
            dealt += (healthBefore[u] - s.health[u]) / UnitType.of(s.type[u]).maxHealth;
        }
        boolean timeout = s.time >= MAX_STEPS;
        s.time++;
        if (enemiesDead) {
            outcome = alliesDead ? BattleOutcome.DRAW : BattleOutcome.WON;
        } else if (alliesDead) {
            outcome = BattleOutcome.LOST;
        } else {
            outcome = timeout ? BattleOutcome.TIMEOUT : BattleOutcome.ONGOING;
        }
        float r = dealt / nE + (outcome == BattleOutcome.WON ? 1f : 0f);
        out.finish(s.time, alliesDead || enemiesDead, timeout);
        Arrays.fill(out.reward, r);
        writeObservation(out);
    }

    /** Move vector and attack id of unit {@code u} for action {@code a} (ally or enemy numbering). */
    private void decode(int u, int a) {
        float mx = 0f;
        float my = 0f;
        switch (a) {
            case 0 -> my = 1f;
            case 1 -> mx = 1f;
            case 2 -> my = -1f;
            case 3 -> mx = -1f;
            default -> {
                // stop or attack: no movement
            }
        }
        moveX[u] = mx;
        moveY[u] = my;
        attack[u] = a >= MOVES ? a : 0;
    }

    /** The unit that attack action {@code a} (>= 5) of unit {@code u} targets. */
    private int target(int u, int a) {
        return u < nA ? nA + (a - MOVES) : nA - 1 - (a - MOVES);
    }

    /** One world sub-step: move, attack (both from the sub-step start), damage, walls, push. */
    private void subStep() {
        for (int u = 0; u < nU; u++) {
            nextX[u] = clipToMap(s.x[u] + moveX[u] * stepSpeed[u]);
            nextY[u] = clipToMap(s.y[u] + moveY[u] * stepSpeed[u]);
            damage[u] = 0f;
        }
        for (int u = 0; u < nU; u++) {
            int a = attack[u];
            boolean valid = false;
            UnitType t = UnitType.of(s.type[u]);
            if (a != 0) {
                int v = target(u, a);
                float dx = s.x[u] - s.x[v];
                float dy = s.y[u] - s.y[v];
                valid = (float) Math.sqrt(dx * dx + dy * dy) < t.attackRange && s.alive(u) && s.alive(v)
                        && s.cooldown[u] <= 0f;
                if (valid) {
                    damage[v] += t.damage;
                    // pysc2-style jitter: U(-dt, 2dt) on top of the base cooldown.
                    s.cooldown[u] = t.weaponCooldown + (-DT + 3f * DT * rng.nextFloat());
                }
            }
            if (!valid) {
                s.cooldown[u] -= DT;
            }
        }
        for (int u = 0; u < nU; u++) {
            s.health[u] = Math.max(0f, s.health[u] - damage[u]);
            s.x[u] = nextX[u];
            s.y[u] = nextY[u];
            if (s.x[u] <= 0f || s.y[u] <= 0f || s.x[u] >= MAP || s.y[u] >= MAP) {
                s.health[u] = 0f;
            }
        }
        push();
        for (int u = 0; u < nU; u++) {
            s.prevMoveX[u] = moveX[u];
            s.prevMoveY[u] = moveY[u];
            s.prevAttack[u] = attack[u];
        }
    }

    private static float clipToMap(float v) {
        return Math.max(0f, Math.min(v, MAP));
    }

    /**
     * Soft collision over all pairs, dead units included:
     * {@code p_u += 1/2 sum_w (p_u - p_w) max(0, (r_u + r_w) / (|p_u - p_w| + 1e-6) - 1)}.
     */
    private void push() {
        float[] xs = s.x;
        float[] ys = s.y;
        float[] px = pushX;
        float[] py = pushY;
        float[] rad = radius;
        Arrays.fill(px, 0f);
        Arrays.fill(py, 0f);
        for (int u = 0; u < nU; u++) {
            float ru = rad[u];
            float xu = xs[u];
            float yu = ys[u];
            float sumX = 0f;
            float sumY = 0f;
            for (int w = u + 1; w < nU; w++) {
                float rr = ru + rad[w];
                float dx = xu - xs[w];
                float dy = yu - ys[w];
                float d2 = dx * dx + dy * dy;
                if (d2 >= rr * rr) {
                    continue; // rr / (d + 1e-6) - 1 < 0 there, so no overlap
                }
                float overlap = Math.max(0f, rr / ((float) Math.sqrt(d2) + 1e-6f) - 1f);
                sumX += dx * overlap;
                sumY += dy * overlap;
                px[w] -= dx * overlap;
                py[w] -= dy * overlap;
            }
            px[u] += sumX;
            py[u] += sumY;
        }
        for (int u = 0; u < nU; u++) {
            xs[u] += px[u] / 2f;
            ys[u] += py[u] / 2f;
        }
    }

    /** Observations, world state, action mask and discounts of the current state. */
    private void writeObservation(TimeStep out) {
        for (int i = 0; i < nA; i++) {
            writeUnitObservation(i, out.obs, i * obsDim);
            out.discount[i] = s.alive(i) ? 1f : 0f;
        }
        writeWorldState(out.state);
        writeMask(out.actionMask);
    }

    /**
     * The unit-list observation of unit {@code i} (spec section 8) into {@code dst[off .. off + obsDim)}.
     * Allies see all other units in ascending index order, enemies in descending order (the order the
     * heuristic reads); then 10 own features. Package-private for tests of the enemy perspective.
     */
    void writeUnitObservation(int i, float[] dst, int off) {
        if (!s.alive(i)) {
            Arrays.fill(dst, off, off + obsDim, 0f);
            return;
        }
        UnitType ti = UnitType.of(s.type[i]);
        float sight = ti.sightRange;
        float xi = s.x[i];
        float yi = s.y[i];
        int p = off;
        for (int idx = 0; idx < nU; idx++) {
            int j = i < nA ? idx : nU - 1 - idx;
            if (j == i) {
                continue;
            }
            float dx = s.x[j] - xi;
            float dy = s.y[j] - yi;
            if (s.alive(j) && (float) Math.sqrt(dx * dx + dy * dy) < sight) {
                int tj = s.type[j];
                dst[p] = s.health[j] / UnitType.of(tj).maxHealth;
                dst[p + 1] = dx / sight;
                dst[p + 2] = dy / sight;
                dst[p + 3] = s.prevMoveX[j];
                dst[p + 4] = s.prevMoveY[j];
                dst[p + 5] = s.prevAttack[j];
                dst[p + 6] = s.cooldown[j];
                for (int b = 0; b < UnitType.COUNT; b++) {
                    dst[p + 7 + b] = b == tj ? 1f : 0f;
                }
            } else {
                Arrays.fill(dst, p, p + UF, 0f);
            }
            p += UF;
        }
        dst[p] = s.health[i] / ti.maxHealth;
        dst[p + 1] = xi / MAP;
        dst[p + 2] = yi / MAP;
        dst[p + 3] = s.cooldown[i];
        for (int b = 0; b < UnitType.COUNT; b++) {
            dst[p + 4 + b] = b == s.type[i] ? 1f : 0f;
        }
    }

    /** World state (spec section 9): 10 features per unit (0 if dead), then all teams, then all type ids. */
    private void writeWorldState(float[] dst) {
        for (int u = 0; u < nU; u++) {
            int p = u * OWN;
            if (!s.alive(u)) {
                Arrays.fill(dst, p, p + OWN, 0f);
                continue;
            }
            dst[p] = s.health[u] / UnitType.of(s.type[u]).maxHealth;
            dst[p + 1] = s.x[u];
            dst[p + 2] = s.y[u];
            dst[p + 3] = s.cooldown[u];
            for (int b = 0; b < UnitType.COUNT; b++) {
                dst[p + 4 + b] = b == s.type[u] ? 1f : 0f;
            }
        }
        int teams = nU * OWN;
        for (int u = 0; u < nU; u++) {
            dst[teams + u] = u < nA ? 0f : 1f;
            dst[teams + nU + u] = s.type[u];
        }
    }

    /** Stop always; moves iff alive; attack k iff both alive and enemy k strictly within attack range. */
    private void writeMask(boolean[] mask) {
        for (int i = 0; i < nA; i++) {
            int p = i * numActions;
            boolean alive = s.alive(i);
            for (int m = 0; m < MOVES - 1; m++) {
                mask[p + m] = alive;
            }
            mask[p + MOVES - 1] = true;
            float range = UnitType.of(s.type[i]).attackRange;
            for (int k = 0; k < nE; k++) {
                int v = nA + k;
                boolean ok = false;
                if (alive && s.alive(v)) {
                    float dx = s.x[v] - s.x[i];
                    float dy = s.y[v] - s.y[i];
                    ok = (float) Math.sqrt(dx * dx + dy * dy) < range;
                }
                mask[p + MOVES + k] = ok;
            }
        }
    }
}
