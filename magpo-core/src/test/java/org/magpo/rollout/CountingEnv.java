package org.magpo.rollout;

import org.magpo.env.AbstractMultiAgentEnv;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.env.TimeStep;

/**
 * Test task: N = 2 agents, obs {@code [stepCount, agent]}, 3 actions of which action 2 is illegal for
 * agent 1, reward = own action, episodes truncated after 3 steps.
 */
final class CountingEnv extends AbstractMultiAgentEnv {

    static final EnvSpec SPEC = new EnvSpec("test:counting", 2, 2, 0, new ActionSpace.Discrete(3), 3);

    private int step;

    CountingEnv() {
        super(SPEC);
    }

    @Override
    protected void doReset(long seed, TimeStep out) {
        out.beginFirst();
        step = 0;
        fill(out);
    }

    @Override
    protected void doStep(int[] actions, TimeStep out) {
        step++;
        for (int i = 0; i < 2; i++) {
            out.reward[i] = actions[i];
        }
        out.finish(step, false, step >= 3);
        fill(out);
    }

    private void fill(TimeStep out) {
        for (int i = 0; i < 2; i++) {
            out.obs[i * 2] = step;
            out.obs[i * 2 + 1] = i;
            for (int a = 0; a < 3; a++) {
                out.actionMask[i * 3 + a] = !(i == 1 && a == 2);
            }
        }
    }
}
