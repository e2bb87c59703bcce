package org.magpo.env;

import java.util.Arrays;

/**
 * Tiny deterministic environment for contract tests: N = 2 agents, 3 discrete actions.
 * Observation {@code [2, 1]}: agent i sees {@code 10 * i + t + (seed mod 7)}; reward of agent i is its
 * own action; action 2 is masked for agent 1; the episode terminates when both agents play 0 and is
 * truncated at the time limit. Global state {@code [1]} = t.
 */
final class ScriptedEnv extends AbstractMultiAgentEnv {
    private int t;
    private int offset;

    ScriptedEnv(int timeLimit) {
        super(new EnvSpec("test:scripted", 2, 1, 1, new ActionSpace.Discrete(3), timeLimit));
    }

    @Override
    protected void doReset(long seed, TimeStep out) {
        t = 0;
        offset = (int) Math.floorMod(seed, 7L);
        out.beginFirst();
        out.actionMask[1 * 3 + 2] = false;
        write(out);
    }

    @Override
    protected void doStep(int[] actions, TimeStep out) {
        t++;
        out.reward[0] = actions[0];
        out.reward[1] = actions[1];
        boolean terminated = actions[0] == 0 && actions[1] == 0;
        out.finish(t, terminated, t >= spec().timeLimit());
        write(out);
    }

    private void write(TimeStep out) {
        out.obs[0] = t + offset;
        out.obs[1] = 10 + t + offset;
        Arrays.fill(out.state, t);
    }
}
