package org.magpo.envs.mpe;

import java.util.Arrays;
import org.magpo.env.AbstractMultiAgentEnv;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * JaxMARL's {@code SimpleSpreadMPE} (MPE simple_spread as MAGPO runs it): N agents must cover N
 * landmarks without bumping into each other.
 *
 * <p>Semantics follow {@code shared/envs/mpe_simple_spread.md} exactly, including the reference's
 * quirks: explicit Euler with the <b>old</b> velocity for the position, softplus contact forces between
 * all agent pairs, damping 0.25, no speed clamp, no action clipping, and episodes of <b>26</b> steps
 * (done is tested on the counter before its increment). Physics runs in double precision.
 *
 * <p>Outputs per step ({@link TimeStep}):
 * <ul>
 *   <li>{@code obs [N, 4 + 2L + 4(N-1)]}: own velocity, own absolute position, landmark offsets,
 *       other-agent offsets (ascending index, skipping self), other agents' comm (always 0)</li>
 *   <li>{@code state [N * obsDim]}: every agent's observation concatenated, agent 0 first</li>
 *   <li>{@code reward [N]}: per agent, {@code -localRatio * collisions_i - (1 - localRatio) * sum_l min_i |p_i - p_l|}</li>
 *   <li>{@code discount [N]}: 1, and 0 for every agent on the last (26th) step, as Mava emits it
 *       ({@code 1 - done}); that step is flagged truncated because it is a pure time limit</li>
 * </ul>
 * Continuous actions {@code float[N * 5]}; the declared box is {@code [-1, 1]^5} because MAGPO feeds
 * tanh-squashed samples, but any finite value is accepted and used unclipped, as in the reference.
 */
public final class SimpleSpreadEnv extends AbstractMultiAgentEnv {
    /** Integration step. */
    public static final double DT = 0.1;
    /** Fraction of velocity lost per step. */
    public static final double DAMPING = 0.25;
    /** Contact force scale. */
    public static final double CONTACT_FORCE = 100.0;
    /** Softness k of the contact force. */
    public static final double CONTACT_MARGIN = 1e-3;
    /** Force per unit of action ("accel"). */
    public static final double ACCEL = 5.0;
    /** Agent radius; two agents collide below twice this distance. */
    public static final double AGENT_RADIUS = 0.15;
    /** Reference {@code max_steps}; done is raised when the counter before the step is >= this. */
    public static final int MAX_STEPS = 25;
    /** Number of action components (continuous) or choices (discrete) per agent. */
    public static final int ACTION_SIZE = 5;

    private static final double MIN_DIST = 2 * AGENT_RADIUS;
    /** Softplus argument below which the contact force (< 100 * 0.001 * e^-60) is dropped. */
    private static final double SOFTPLUS_CUTOFF = -60.0;

    private final SimpleSpreadConfig config;
    private final int n;
    private final int l;
    private final int obsDim;
    /** Positions {@code [N + L, 2]}: agents then landmarks. */
    private final double[] pos;
    /** Agent velocities {@code [N, 2]} (landmarks never move). */
    private final double[] vel;
    /** Per-step force accumulator {@code [N, 2]}. */
    private final double[] force;
    private int step;

    public SimpleSpreadEnv(SimpleSpreadConfig config) {
        super(spec(config));
        this.config = config;
        this.n = config.numAgents();
        this.l = config.numLandmarks();
        this.obsDim = config.obsDim();
        this.pos = new double[2 * (n + l)];
        this.vel = new double[2 * n];
        this.force = new double[2 * n];
    }

    private static EnvSpec spec(SimpleSpreadConfig c) {
        if (c == null) {
            throw new IllegalArgumentException("SimpleSpreadEnv.config must not be null");
        }
        ActionSpace space = c.actionType() == MpeActionType.CONTINUOUS
                ? ActionSpace.Box.uniform(ACTION_SIZE, -1f, 1f)
                : new ActionSpace.Discrete(ACTION_SIZE);
        // The episode really lasts MAX_STEPS + 1 steps (section 7 of the spec).
        return new EnvSpec(c.taskId(), c.numAgents(), c.obsDim(), c.numAgents() * c.obsDim(), space, MAX_STEPS + 1);
    }

    /** The task parameters. */
    public SimpleSpreadConfig config() {
        return config;
    }

    @Override
    protected void doReset(long seed, TimeStep out) {
        Rng rng = new Rng(seed);
        // Agents then landmarks, each coordinate U(-1, 1); overlaps are not rejected (as the reference).
        for (int k = 0; k < pos.length; k++) {
            pos[k] = 2.0 * rng.nextDouble() - 1.0;
        }
        Arrays.fill(vel, 0.0);
        step = 0;
        out.beginFirst();
        writeObservations(out);
    }

    /**
     * Loads an explicit state (golden tests, curricula) and writes its observation into {@code out}
     * as a FIRST step with step count {@code stepCounter}.
     *
     * @param positions  {@code [(N + L) * 2]}: agents then landmarks, (x, y) each
     * @param velocities {@code [(N + L) * 2]} or {@code [N * 2]}; landmark velocities must be 0
     * @param stepCounter the reference step counter, in {@code [0, 25]}
     */
    public void loadState(double[] positions, double[] velocities, int stepCounter, TimeStep out) {
        if (positions == null || positions.length != pos.length) {
            throw new IllegalArgumentException("positions must have length 2*(N+L)=" + pos.length + ", got "
                    + (positions == null ? "null" : positions.length));
        }
        if (velocities == null || (velocities.length != vel.length && velocities.length != pos.length)) {
            throw new IllegalArgumentException("velocities must have length 2*N=" + vel.length + " or 2*(N+L)="
                    + pos.length + ", got " + (velocities == null ? "null" : velocities.length));
        }
        if (stepCounter < 0 || stepCounter > MAX_STEPS) {
            throw new IllegalArgumentException("stepCounter must lie in [0, " + MAX_STEPS + "], got " + stepCounter);
        }
        for (int k = 0; k < positions.length; k++) {
            if (!Double.isFinite(positions[k])) {
                throw new IllegalArgumentException("position component " + k + " is " + positions[k] + ", expected finite");
            }
        }
        for (int k = 0; k < velocities.length; k++) {
            if (!Double.isFinite(velocities[k]) || (k >= vel.length && velocities[k] != 0.0)) {
                throw new IllegalArgumentException("velocity component " + k + " is " + velocities[k]
                        + (k >= vel.length ? ", landmarks must have velocity 0" : ", expected finite"));
            }
        }
        System.arraycopy(positions, 0, pos, 0, pos.length);
        System.arraycopy(velocities, 0, vel, 0, vel.length);
        step = stepCounter;
        out.beginFirst();
        out.stepCount = stepCounter;
        writeObservations(out);
        stateLoaded(out);
    }

    @Override
    protected void doStep(float[] actions, TimeStep out) {
        for (int i = 0; i < n; i++) {
            int a = i * ACTION_SIZE;
            force[2 * i] = ACCEL * ((double) actions[a + 2] - actions[a + 1]);
            force[2 * i + 1] = ACCEL * ((double) actions[a + 4] - actions[a + 3]);
        }
        advance(out);
    }

    @Override
    protected void doStep(int[] actions, TimeStep out) {
        for (int i = 0; i < n; i++) {
            double fx = 0;
            double fy = 0;
            switch (actions[i]) {
                case 1 -> fx = -ACCEL;
                case 2 -> fx = ACCEL;
                case 3 -> fy = -ACCEL;
                case 4 -> fy = ACCEL;
                default -> {
                    // 0: no force
                }
            }
            force[2 * i] = fx;
            force[2 * i + 1] = fy;
        }
        advance(out);
    }

    /** Contact forces, integration, counter, rewards and observations, given the action forces. */
    private void advance(TimeStep out) {
        addContactForces();
        for (int i = 0; i < n; i++) {
            int x = 2 * i;
            int y = x + 1;
            // Position first, with the pre-step velocity (JaxMARL; PettingZoo would use the new one).
            pos[x] += vel[x] * DT;
            pos[y] += vel[y] * DT;
            vel[x] = vel[x] * (1 - DAMPING) + force[x] * DT;
            vel[y] = vel[y] * (1 - DAMPING) + force[y] * DT;
        }
        boolean done = step >= MAX_STEPS;
        step++;
        writeRewards(out.reward);
        writeObservations(out);
        out.finish(step, false, done);
        if (done) {
            // Mava's discount is 1 - done, so the time-limit step does not bootstrap (as in the published runs).
            Arrays.fill(out.discount, 0f);
        }
    }

    /** Softplus contact force on every agent pair, from the pre-step positions. */
    private void addContactForces() {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = pos[2 * i] - pos[2 * j];
                double dy = pos[2 * i + 1] - pos[2 * j + 1];
                double dist = Math.sqrt(dx * dx + dy * dy);
                double y = (MIN_DIST - dist) / CONTACT_MARGIN;
                if (y < SOFTPLUS_CUTOFF) {
                    // Farther than 0.36 apart: the force is below 1e-26, far under float32 resolution
                    // of anything the reference computes, so skipping exp/log1p changes no result.
                    continue;
                }
                double pen = CONTACT_MARGIN * softplus(y);
                double scale = CONTACT_FORCE * pen / dist;
                double fx = scale * dx;
                double fy = scale * dy;
                force[2 * i] += fx;
                force[2 * i + 1] += fy;
                force[2 * j] -= fx;
                force[2 * j + 1] -= fy;
            }
        }
    }

    /** {@code log(1 + e^y)} without overflow. */
    static double softplus(double y) {
        return Math.max(y, 0.0) + Math.log1p(Math.exp(-Math.abs(y)));
    }

    private void writeRewards(float[] reward) {
        double global = 0;
        for (int lm = 0; lm < l; lm++) {
            int p = 2 * (n + lm);
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double dx = pos[2 * i] - pos[p];
                double dy = pos[2 * i + 1] - pos[p + 1];
                best = Math.min(best, Math.sqrt(dx * dx + dy * dy));
            }
            global -= best;
        }
        double ratio = config.localRatio();
        for (int i = 0; i < n; i++) {
            int collisions = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double dx = pos[2 * i] - pos[2 * j];
                    double dy = pos[2 * i + 1] - pos[2 * j + 1];
                    if (Math.sqrt(dx * dx + dy * dy) < MIN_DIST) {
                        collisions++;
                    }
                }
            }
            reward[i] = (float) (-ratio * collisions + (1 - ratio) * global);
        }
    }

    private void writeObservations(TimeStep out) {
        float[] obs = out.obs;
        for (int i = 0; i < n; i++) {
            int o = i * obsDim;
            double px = pos[2 * i];
            double py = pos[2 * i + 1];
            obs[o++] = (float) vel[2 * i];
            obs[o++] = (float) vel[2 * i + 1];
            obs[o++] = (float) px;
            obs[o++] = (float) py;
            for (int lm = 0; lm < l; lm++) {
                int p = 2 * (n + lm);
                obs[o++] = (float) (pos[p] - px);
                obs[o++] = (float) (pos[p + 1] - py);
            }
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    obs[o++] = (float) (pos[2 * j] - px);
                    obs[o++] = (float) (pos[2 * j + 1] - py);
                }
            }
            // Communication of the other agents: all agents are silent.
            Arrays.fill(obs, o, o + 2 * (n - 1), 0f);
        }
        System.arraycopy(obs, 0, out.state, 0, n * obsDim);
    }

    /** Reference step counter (0 after reset; 26 after the last step). */
    public int stepCounter() {
        return step;
    }

    /** Copies positions {@code [(N + L) * 2]} (agents then landmarks) into {@code dst}. */
    public void positions(double[] dst) {
        System.arraycopy(pos, 0, dst, 0, pos.length);
    }

    /** Copies agent velocities {@code [N * 2]} into {@code dst}. */
    public void velocities(double[] dst) {
        System.arraycopy(vel, 0, dst, 0, vel.length);
    }
}
