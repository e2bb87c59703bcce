package org.magpo.examples;

import java.util.Arrays;
import org.magpo.env.AbstractMultiAgentEnv;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * A tiny cooperative game, the one docs/adding-an-environment.md walks through: N agents stand on
 * distinct cells of a line of L cells and must all meet on one cell within T steps. Actions
 * {@code 0 = left, 1 = stay, 2 = right}; moving off the line is masked. Every agent gets reward 1 on
 * the step they meet, which terminates the episode (discount 0); otherwise 0, truncated at T.
 *
 * <p>Shapes: observation {@code [N, N]} (every agent sees every position scaled to [0, 1], agent order),
 * global state {@code [N]} (the same), action mask {@code [N, 3]}, reward and discount {@code [N]}.
 */
public final class Rendezvous extends AbstractMultiAgentEnv {
    private final int cells;
    private final int[] position;
    private int steps;

    /**
     * @param cells     L, line length, >= 2
     * @param agents    N, >= 2
     * @param timeLimit T, >= 1
     */
    public Rendezvous(int cells, int agents, int timeLimit) {
        super(new EnvSpec("rendezvous:line" + cells + "-" + agents + "ag", agents, agents, agents,
                new ActionSpace.Discrete(3), timeLimit));
        if (cells < 2) {
            throw new IllegalArgumentException("Rendezvous cells must be >= 2, got " + cells);
        }
        if (agents < 2) {
            throw new IllegalArgumentException("Rendezvous agents must be >= 2 (one agent has met already), got " + agents);
        }
        this.cells = cells;
        this.position = new int[agents];
    }

    @Override
    protected void doReset(long seed, TimeStep out) {
        Rng rng = new Rng(seed);
        do { // an episode that starts solved would end before anyone acts
            for (int i = 0; i < position.length; i++) {
                position[i] = rng.nextInt(cells);
            }
        } while (allMet());
        steps = 0;
        out.beginFirst();
        observe(out);
    }

    @Override
    protected void doStep(int[] actions, TimeStep out) {
        for (int i = 0; i < position.length; i++) {
            position[i] += actions[i] - 1; // legal by the mask, so it stays on the line
        }
        steps++;
        boolean met = allMet();
        out.finish(steps, met, steps >= spec().timeLimit());
        Arrays.fill(out.reward, met ? 1f : 0f);
        observe(out);
    }

    private boolean allMet() {
        for (int p : position) {
            if (p != position[0]) {
                return false;
            }
        }
        return true;
    }

    private void observe(TimeStep out) {
        int n = position.length;
        for (int i = 0; i < n; i++) {
            out.state[i] = position[i] / (float) (cells - 1);
            out.actionMask[i * 3] = position[i] > 0;
            out.actionMask[i * 3 + 1] = true;
            out.actionMask[i * 3 + 2] = position[i] < cells - 1;
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(out.state, 0, out.obs, i * n, n);
        }
    }
}
