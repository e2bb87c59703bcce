package org.magpo.envs.smax;

import org.magpo.nn.Rng;

/**
 * JaxMARL's heuristic enemy policy in "closest" attack mode with shooting on (spec section 6).
 *
 * <p>The reference computes it from each enemy's unit-list observation; this port reads the same
 * quantities straight from the state, with the observation's quirks kept: a dead enemy sees nobody,
 * reads its own position as (0,0) and its type as 0; an ally is visible iff both are alive and it is
 * strictly within the enemy's sight range. Enemy e's k-th "other team" slot is ally {@code nA-1-k}, and
 * its attack action {@code 5+k} targets that ally. Allocation-free.
 */
final class HeuristicEnemy {
    private final int nA;
    private final int nE;
    /** Visible ally slots of the enemy being decided. */
    private final int[] visible;
    private final float[] slotDist;

    HeuristicEnemy(int numAllies, int numEnemies) {
        this.nA = numAllies;
        this.nE = numEnemies;
        this.visible = new int[numAllies];
        this.slotDist = new float[numAllies];
    }

    /**
     * Chooses the action of every enemy from the current state and updates their memory in {@code s}.
     *
     * @param out enemy actions {@code [nE]}, in the enemy numbering (moves 0-3, attack 5+k on ally nA-1-k)
     */
    void act(SmaxState s, Rng rng, int[] out) {
        for (int k = 0; k < nE; k++) {
            out[k] = actOne(s, rng, k);
        }
    }

    private int actOne(SmaxState s, Rng rng, int k) {
        int e = nA + k;
        boolean alive = s.alive(e);
        UnitType own = alive ? UnitType.of(s.type[e]) : UnitType.MARINE;
        float ownX = alive ? s.x[e] : 0f;
        float ownY = alive ? s.y[e] : 0f;
        int numVisible = 0;
        int closest = -1;
        float closestDist = Float.POSITIVE_INFINITY;
        for (int slot = 0; slot < nA; slot++) {
            int a = nA - 1 - slot;
            slotDist[slot] = Float.NaN;
            if (!alive || !s.alive(a)) {
                continue;
            }
            float dx = s.x[a] - ownX;
            float dy = s.y[a] - ownY;
            float d = (float) Math.sqrt(dx * dx + dy * dy);
            if (!(d < own.sightRange)) {
                continue;
            }
            visible[numVisible++] = slot;
            slotDist[slot] = d;
            if (d < own.attackRange && d < closestDist) {
                closestDist = d;
                closest = slot;
            }
        }
        int last = s.enemyLastAttacked[k];
        boolean initial = s.enemyTargetX[k] == 0f && s.enemyTargetY[k] == 0f && last == -1;
        int attackSlot = (last != -1 && shootable(last, own)) ? last : closest;
        s.enemyLastAttacked[k] = attackSlot;
        if (initial) {
            // Own position rotated 180 degrees about the map centre.
            s.enemyTargetX[k] = StartLayout.MAP - ownX;
            s.enemyTargetY[k] = StartLayout.MAP - ownY;
        }
        if (attackSlot != -1) {
            return SmaxScenario.MOVE_ACTIONS + attackSlot;
        }
        float tx;
        float ty;
        if (numVisible > 0) {
            int a = nA - 1 - visible[rng.nextInt(numVisible)];
            tx = s.x[a];
            ty = s.y[a];
        } else {
            tx = s.enemyTargetX[k];
            ty = s.enemyTargetY[k];
        }
        return moveToward(tx - ownX, ty - ownY);
    }

    private boolean shootable(int slot, UnitType own) {
        float d = slotDist[slot];
        return d == d && d < own.attackRange;
    }

    /** N, E, S, W with the largest dot product with (vx, vy); earlier directions win ties. */
    static int moveToward(float vx, float vy) {
        int best = 0;
        float bestDot = vy;
        if (vx > bestDot) {
            best = 1;
            bestDot = vx;
        }
        if (-vy > bestDot) {
            best = 2;
            bestDot = -vy;
        }
        if (-vx > bestDot) {
            best = 3;
        }
        return best;
    }
}
