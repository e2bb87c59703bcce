package org.magpo.policy;

import org.magpo.env.EnvSpec;
import org.magpo.nn.HostView;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A decentralised policy with its own network per agent (HAPPO's non-shared actors): agent i of every
 * environment (rows {@code e·N + i}) acts with {@code actors[i]} on its own observation and recurrent
 * state. Rows are split by agent, acted on, and the actions and states written back, so callers see
 * the usual {@code [E·N]} row layout. Per-agent buffers are sized on first use for a row count.
 */
public final class PerAgentPolicy implements DecentralizedPolicy {
    private final EnvSpec spec;
    private final Learner[] actors;
    private int envs = -1;
    private float[] obs;
    private boolean[] mask;
    private boolean[] resets;
    private INDArray[] hidden;
    private ActionBuffer[] out;

    /** @param actors one per agent, built for {@code spec} with the same hidden size */
    public PerAgentPolicy(EnvSpec spec, Learner[] actors) {
        if (actors == null || actors.length != spec.numAgents()) {
            throw new IllegalArgumentException("PerAgentPolicy needs one actor per agent (" + spec.numAgents()
                    + "), got " + (actors == null ? "null" : actors.length));
        }
        for (Learner a : actors) {
            if (a.hiddenSize() != actors[0].hiddenSize()) {
                throw new IllegalArgumentException("PerAgentPolicy actors must share one hidden size, got "
                        + a.hiddenSize() + " and " + actors[0].hiddenSize());
            }
        }
        this.spec = spec;
        this.actors = actors.clone();
    }

    /** The actor of agent i. */
    public Learner actor(int agent) {
        return actors[agent];
    }

    @Override
    public int hiddenSize() {
        return actors[0].hiddenSize();
    }

    @Override
    public INDArray initialState(int rows) {
        return actors[0].initialState(rows);
    }

    @Override
    public void act(float[] allObs, boolean[] allResets, boolean[] allMask, INDArray allHidden, Rng rng,
                    boolean greedy, ActionBuffer actions) {
        int n = spec.numAgents();
        int rows = actions.rows();
        if (rows % n != 0 || allHidden.size(0) != rows) {
            throw new IllegalArgumentException("PerAgentPolicy: rows (" + rows + ") must be envs × N = " + n
                    + " and hidden must have as many rows, got " + allHidden.size(0));
        }
        int e = rows / n;
        ensure(e);
        int obsDim = spec.obsDim();
        int a = spec.isDiscrete() ? spec.numActions() : 0;
        int d = spec.actionSpace().actionDim();
        int h = hiddenSize();
        HostView all = HostView.of(allHidden);
        for (int i = 0; i < n; i++) {
            HostView mine = HostView.of(hidden[i]);
            for (int env = 0; env < e; env++) {
                int row = env * n + i;
                System.arraycopy(allObs, row * obsDim, obs, env * obsDim, obsDim);
                resets[env] = allResets[row];
                if (allMask != null && a > 0) {
                    System.arraycopy(allMask, row * a, mask, env * a, a);
                }
                for (int c = 0; c < h; c++) {
                    mine.set(env + c * e, all.get(row + c * rows));
                }
            }
            actors[i].act(obs, resets, allMask == null ? null : mask, hidden[i], rng, greedy, out[i]);
            for (int env = 0; env < e; env++) {
                int row = env * n + i;
                for (int c = 0; c < h; c++) {
                    all.set(row + c * rows, mine.get(env + c * e));
                }
                actions.logProb[row] = out[i].logProb[env];
                if (actions.isDiscrete()) {
                    actions.discrete[row] = out[i].discrete[env];
                } else {
                    System.arraycopy(out[i].continuous, env * d, actions.continuous, row * d, d);
                    System.arraycopy(out[i].preTanh, env * d, actions.preTanh, row * d, d);
                }
            }
        }
    }

    private void ensure(int e) {
        if (e == envs) {
            return;
        }
        int n = spec.numAgents();
        obs = new float[e * spec.obsDim()];
        mask = spec.isDiscrete() ? new boolean[e * spec.numActions()] : null;
        resets = new boolean[e];
        hidden = new INDArray[n];
        out = new ActionBuffer[n];
        for (int i = 0; i < n; i++) {
            hidden[i] = Nd4j.create(actors[i].network().parameters().dataType(), new long[] {e, hiddenSize()}, 'f');
            out[i] = new ActionBuffer(spec, e);
        }
        envs = e;
    }
}
