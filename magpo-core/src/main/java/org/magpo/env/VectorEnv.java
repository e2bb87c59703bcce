package org.magpo.env;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.magpo.nn.Rng;

/**
 * E independent copies of one task stepped together, with Mava/Jumanji auto-reset, writing into
 * preallocated batch buffers laid out {@code [E, N, ...]}.
 *
 * <p><b>Auto-reset.</b> When copy e's step ends its episode, the step is reported as LAST with that
 * transition's reward and discount, and the buffers already hold the reset observation (mask, state,
 * step count 0) of the next episode; {@link #episodeStart}[e] is then true ("this observation starts
 * a new episode", the {@code done_prev} flag fed to recurrent policies). The observation the episode
 * ended on is kept in {@link #terminalObs}; the finished episode's return and length in
 * {@link #finishedReturn} and {@link #finishedLength}.
 *
 * <p><b>Determinism.</b> Each copy owns a random stream split from the constructor seed and draws
 * its reset seeds from it, so results do not depend on the number of threads.
 *
 * <p><b>Snapshots.</b> Every copy logs the seed of its current episode and the actions taken since
 * its reset; {@link #snapshot()} and {@link #restore} use them to rebuild any environment exactly by
 * replaying at most one episode, so training resumes bit-identically without each environment having
 * to serialise its own state.
 *
 * <p>Stepping allocates nothing in steady state. With {@code threads > 1} the copies are split into
 * contiguous chunks stepped by worker threads.
 */
public final class VectorEnv implements AutoCloseable {
    private final EnvSpec spec;
    private final int numEnvs;
    private final MultiAgentEnv[] envs;
    private final TimeStep[] steps;
    private final Rng[] seedStreams;
    private final long[] episodeSeed;
    private final int[] loggedSteps;
    private final int[][] discreteLog;
    private final float[][] continuousLog;
    private final int[][] discreteScratch;
    private final float[][] continuousScratch;
    private final double[] runningReturn;
    private final int[] runningLength;

    /** Observations {@code [E, N, obsDim]}. */
    public final float[] obs;
    /** Action masks {@code [E, N, A]} (discrete tasks), null otherwise. */
    public final boolean[] actionMask;
    /** Rewards of the last transition {@code [E, N]}. */
    public final float[] reward;
    /** Discounts of the last transition {@code [E, N]}. */
    public final float[] discount;
    /** Global states {@code [E, stateDim]}, null when the task has none. */
    public final float[] state;
    /** Step type of the last transition {@code [E]}. */
    public final StepType[] stepType;
    /** Episode step counter of the current observation {@code [E]}. */
    public final int[] stepCount;
    /** Whether the last transition terminated / was truncated {@code [E]}. */
    public final boolean[] terminated;
    public final boolean[] truncated;
    /** Whether the current observation is the first of an episode {@code [E]}. */
    public final boolean[] episodeStart;
    /** Observation an episode ended on, valid where {@code stepType[e] == LAST}: {@code [E, N, obsDim]}. */
    public final float[] terminalObs;
    /** Return (sum over steps of the agent-mean reward) of the episode that just ended {@code [E]}. */
    public final double[] finishedReturn;
    /** Length of the episode that just ended {@code [E]}. */
    public final int[] finishedLength;

    private final Worker[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread caller;
    private volatile int phase;
    private volatile Runnable job;
    private volatile boolean closed;
    private volatile Throwable workerFailure;

    /**
     * @param factory makes one environment copy; called {@code numEnvs} times
     * @param numEnvs E, number of copies (>= 1)
     * @param seed    master seed of the reset streams
     * @param threads worker threads (1 = step on the caller's thread)
     */
    public VectorEnv(Supplier<? extends MultiAgentEnv> factory, int numEnvs, long seed, int threads) {
        if (numEnvs < 1) {
            throw new IllegalArgumentException("VectorEnv.numEnvs must be >= 1, got " + numEnvs);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("VectorEnv.threads must be >= 1, got " + threads);
        }
        this.numEnvs = numEnvs;
        this.envs = new MultiAgentEnv[numEnvs];
        this.steps = new TimeStep[numEnvs];
        this.seedStreams = new Rng[numEnvs];
        Rng master = new Rng(seed);
        for (int e = 0; e < numEnvs; e++) {
            envs[e] = factory.get();
            steps[e] = new TimeStep(envs[e].spec());
            seedStreams[e] = master.split();
        }
        this.spec = envs[0].spec();
        for (int e = 1; e < numEnvs; e++) {
            if (!envs[e].spec().equals(spec)) {
                throw new IllegalArgumentException("VectorEnv factory made differing specs: " + spec + " vs " + envs[e].spec());
            }
        }
        int n = spec.numAgents();
        this.discreteScratch = new int[numEnvs][n];
        this.continuousScratch = new float[numEnvs][n * spec.actionSpace().actionDim()];
        this.obs = new float[numEnvs * n * spec.obsDim()];
        this.terminalObs = new float[obs.length];
        this.actionMask = spec.isDiscrete() ? new boolean[numEnvs * n * spec.numActions()] : null;
        this.reward = new float[numEnvs * n];
        this.discount = new float[numEnvs * n];
        this.state = spec.stateDim() > 0 ? new float[numEnvs * spec.stateDim()] : null;
        this.stepType = new StepType[numEnvs];
        this.stepCount = new int[numEnvs];
        this.terminated = new boolean[numEnvs];
        this.truncated = new boolean[numEnvs];
        this.episodeStart = new boolean[numEnvs];
        this.finishedReturn = new double[numEnvs];
        this.finishedLength = new int[numEnvs];
        this.runningReturn = new double[numEnvs];
        this.runningLength = new int[numEnvs];
        this.episodeSeed = new long[numEnvs];
        this.loggedSteps = new int[numEnvs];
        int logSize = spec.timeLimit() * n * spec.actionSpace().actionDim();
        this.discreteLog = spec.isDiscrete() ? new int[numEnvs][logSize] : null;
        this.continuousLog = spec.isDiscrete() ? null : new float[numEnvs][logSize];
        int t = Math.min(threads, numEnvs);
        this.workers = new Worker[t > 1 ? t : 0];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w * numEnvs / t, (w + 1) * numEnvs / t);
            workers[w].start();
        }
    }

    public EnvSpec spec() {
        return spec;
    }

    public int numEnvs() {
        return numEnvs;
    }

    /** The environment copy {@code e} (for inspection; do not step it directly). */
    public MultiAgentEnv env(int e) {
        return envs[e];
    }

    /**
     * Copies {@link #episodeStart} to every agent of its copy: {@code out[e * N + i] = episodeStart[e]}, the
     * per-agent reset flags that decentralised recurrent policies take.
     *
     * @param out {@code [E * N]}
     */
    public void agentEpisodeStart(boolean[] out) {
        int n = spec.numAgents();
        if (out.length != numEnvs * n) {
            throw new IllegalArgumentException("agentEpisodeStart: out must have length E*N=" + numEnvs * n + ", got "
                    + out.length);
        }
        for (int e = 0; e < numEnvs; e++) {
            Arrays.fill(out, e * n, (e + 1) * n, episodeStart[e]);
        }
    }

    /** Resets every copy with a fresh seed from its stream. */
    public void reset() {
        run(this::resetRange);
    }

    /** Steps every copy with discrete actions {@code [E, N]}. */
    public void step(int[] actions) {
        int expected = numEnvs * spec.numAgents();
        if (actions == null || actions.length != expected) {
            throw new IllegalArgumentException("VectorEnv.step: actions must have length E*N=" + expected + ", got "
                    + (actions == null ? "null" : actions.length));
        }
        pendingDiscrete = actions;
        run(this::stepDiscreteRange);
    }

    /** Steps every copy with continuous actions {@code [E, N, dims]}. */
    public void step(float[] actions) {
        int expected = numEnvs * spec.numAgents() * spec.actionSpace().actionDim();
        if (actions == null || actions.length != expected) {
            throw new IllegalArgumentException("VectorEnv.step: actions must have length E*N*dims=" + expected + ", got "
                    + (actions == null ? "null" : actions.length));
        }
        pendingContinuous = actions;
        run(this::stepContinuousRange);
    }

    private int[] pendingDiscrete;
    private float[] pendingContinuous;

    private void resetRange(int from, int to) {
        for (int e = from; e < to; e++) {
            beginEpisode(e, steps[e]);
            runningReturn[e] = 0;
            runningLength[e] = 0;
            publish(e);
        }
    }

    private void stepDiscreteRange(int from, int to) {
        int n = spec.numAgents();
        for (int e = from; e < to; e++) {
            int[] a = discreteScratch[e];
            System.arraycopy(pendingDiscrete, e * n, a, 0, n);
            envs[e].step(a, steps[e]);
            logAction(e, a, null);
            afterStep(e);
        }
    }

    private void stepContinuousRange(int from, int to) {
        for (int e = from; e < to; e++) {
            float[] a = continuousScratch[e];
            System.arraycopy(pendingContinuous, e * a.length, a, 0, a.length);
            envs[e].step(a, steps[e]);
            logAction(e, null, a);
            afterStep(e);
        }
    }

    private void afterStep(int e) {
        TimeStep ts = steps[e];
        double sum = 0;
        for (float r : ts.reward) {
            sum += r;
        }
        runningReturn[e] += sum / ts.reward.length;
        runningLength[e]++;
        if (!ts.isLast()) {
            publish(e);
            return;
        }
        int n = spec.numAgents();
        int obsSize = n * spec.obsDim();
        System.arraycopy(ts.obs, 0, terminalObs, e * obsSize, obsSize);
        finishedReturn[e] = runningReturn[e];
        finishedLength[e] = runningLength[e];
        // Keep the transition's reward/discount/flags, then overwrite the observation side with the reset.
        System.arraycopy(ts.reward, 0, reward, e * n, n);
        System.arraycopy(ts.discount, 0, discount, e * n, n);
        stepType[e] = StepType.LAST;
        terminated[e] = ts.terminated;
        truncated[e] = ts.truncated;
        beginEpisode(e, ts);
        runningReturn[e] = 0;
        runningLength[e] = 0;
        publishObservation(e);
        episodeStart[e] = true;
    }

    private void beginEpisode(int e, TimeStep ts) {
        episodeSeed[e] = seedStreams[e].nextLong();
        loggedSteps[e] = 0;
        envs[e].reset(episodeSeed[e], ts);
    }

    private void logAction(int e, int[] discrete, float[] continuous) {
        if (steps[e].isLast()) {
            return;
        }
        if (discrete != null) {
            System.arraycopy(discrete, 0, discreteLog[e], loggedSteps[e] * discrete.length, discrete.length);
        } else {
            System.arraycopy(continuous, 0, continuousLog[e], loggedSteps[e] * continuous.length, continuous.length);
        }
        loggedSteps[e]++;
    }

    /**
     * Everything needed to rebuild the copies exactly: per copy the reset-seed stream state
     * {@code [E, 2]}, the current episode's seed {@code [E]}, its number of steps so far {@code [E]} and
     * its actions since the reset, flat {@code [sum of steps * N * dims]} (discrete or continuous).
     */
    public record Snapshot(long[] streamStates, long[] episodeSeeds, int[] episodeSteps, int[] discreteActions,
                           float[] continuousActions) {
    }

    /** The state of every copy, for a checkpoint (taken between steps). */
    public Snapshot snapshot() {
        int per = spec.numAgents() * spec.actionSpace().actionDim();
        long[] streams = new long[numEnvs * 2];
        int total = 0;
        for (int e = 0; e < numEnvs; e++) {
            long[] st = seedStreams[e].state();
            streams[2 * e] = st[0];
            streams[2 * e + 1] = st[1];
            total += loggedSteps[e] * per;
        }
        int[] disc = discreteLog == null ? new int[0] : new int[total];
        float[] cont = continuousLog == null ? new float[0] : new float[total];
        int at = 0;
        for (int e = 0; e < numEnvs; e++) {
            int len = loggedSteps[e] * per;
            if (discreteLog != null) {
                System.arraycopy(discreteLog[e], 0, disc, at, len);
            } else {
                System.arraycopy(continuousLog[e], 0, cont, at, len);
            }
            at += len;
        }
        return new Snapshot(streams, episodeSeed.clone(), loggedSteps.clone(), disc, cont);
    }

    /**
     * Rebuilds every copy from {@code s} by resetting it with its episode seed and replaying its
     * actions; afterwards the buffers hold the same observations as when the snapshot was taken.
     *
     * @throws IllegalArgumentException when the snapshot does not fit this batch
     */
    public void restore(Snapshot s) {
        int per = spec.numAgents() * spec.actionSpace().actionDim();
        if (s.streamStates().length != 2 * numEnvs || s.episodeSeeds().length != numEnvs
                || s.episodeSteps().length != numEnvs) {
            throw new IllegalArgumentException("VectorEnv.restore: snapshot is for " + s.episodeSeeds().length
                    + " environments, this batch has " + numEnvs);
        }
        int at = 0;
        for (int e = 0; e < numEnvs; e++) {
            int len = s.episodeSteps()[e];
            if (len < 0 || len >= spec.timeLimit()) {
                throw new IllegalArgumentException("VectorEnv.restore: episodeSteps[" + e + "] must be in [0, "
                        + spec.timeLimit() + "), got " + len);
            }
            seedStreams[e].setState(new long[] {s.streamStates()[2 * e], s.streamStates()[2 * e + 1]});
            episodeSeed[e] = s.episodeSeeds()[e];
            TimeStep ts = steps[e];
            envs[e].reset(episodeSeed[e], ts);
            runningReturn[e] = 0;
            runningLength[e] = 0;
            for (int k = 0; k < len; k++) {
                if (discreteLog != null) {
                    int[] a = discreteScratch[e];
                    System.arraycopy(s.discreteActions(), at, a, 0, per);
                    System.arraycopy(a, 0, discreteLog[e], k * per, per);
                    envs[e].step(a, ts);
                } else {
                    float[] a = continuousScratch[e];
                    System.arraycopy(s.continuousActions(), at, a, 0, per);
                    System.arraycopy(a, 0, continuousLog[e], k * per, per);
                    envs[e].step(a, ts);
                }
                at += per;
                if (ts.isLast()) {
                    throw new IllegalArgumentException("VectorEnv.restore: environment " + e
                            + " ended its episode while replaying step " + k + " of " + len
                            + "; the snapshot belongs to another task or seed");
                }
                double sum = 0;
                for (float r : ts.reward) {
                    sum += r;
                }
                runningReturn[e] += sum / ts.reward.length;
                runningLength[e]++;
            }
            loggedSteps[e] = len;
            publish(e);
        }
    }

    private void publish(int e) {
        TimeStep ts = steps[e];
        int n = spec.numAgents();
        System.arraycopy(ts.reward, 0, reward, e * n, n);
        System.arraycopy(ts.discount, 0, discount, e * n, n);
        stepType[e] = ts.stepType;
        terminated[e] = ts.terminated;
        truncated[e] = ts.truncated;
        publishObservation(e);
        episodeStart[e] = ts.isFirst();
    }

    private void publishObservation(int e) {
        TimeStep ts = steps[e];
        System.arraycopy(ts.obs, 0, obs, e * ts.obs.length, ts.obs.length);
        if (actionMask != null) {
            System.arraycopy(ts.actionMask, 0, actionMask, e * ts.actionMask.length, ts.actionMask.length);
        }
        if (state != null) {
            System.arraycopy(ts.state, 0, state, e * ts.state.length, ts.state.length);
        }
        stepCount[e] = ts.stepCount;
    }

    @FunctionalInterface
    private interface RangeJob {
        void run(int from, int to);
    }

    private RangeJob rangeJob;

    private void run(RangeJob j) {
        if (closed) {
            throw new IllegalStateException("VectorEnv is closed");
        }
        if (workers.length == 0) {
            j.run(0, numEnvs);
            return;
        }
        rangeJob = j;
        workerFailure = null;
        caller = Thread.currentThread();
        pending.set(workers.length);
        phase++;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
        while (pending.get() > 0) {
            LockSupport.park(this);
        }
        Throwable failure = workerFailure;
        if (failure != null) {
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("environment step failed in a worker thread", failure);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private final class Worker extends Thread {
        private final int from;
        private final int to;
        private int seenPhase;

        Worker(int from, int to) {
            super("magpo-vecenv-" + from + "-" + to);
            setDaemon(true);
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            while (!closed) {
                if (phase == seenPhase) {
                    LockSupport.park(this);
                    continue;
                }
                seenPhase = phase;
                try {
                    rangeJob.run(from, to);
                } catch (Throwable t) {
                    workerFailure = t;
                }
                if (pending.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "VectorEnv[" + spec.taskId() + ", E=" + numEnvs + ", threads=" + Math.max(1, workers.length)
                + ", stepTypes=" + Arrays.toString(stepType) + "]";
    }
}
