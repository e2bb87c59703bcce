package org.magpo.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.magpo.dist.ActionDistribution;
import org.magpo.dist.MaskedCategorical;
import org.magpo.dist.TanhGaussian;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.nn.HostView;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GuiderTest {
    private static final int OBS = 5;
    private static final int A = 4;
    private static final int D = 2;

    private static EnvSpec spec(int agents, boolean continuous) {
        ActionSpace space = continuous ? ActionSpace.Box.uniform(D, -1f, 1f) : new ActionSpace.Discrete(A);
        return new EnvSpec("test:guider", agents, OBS, 0, space, 100);
    }

    /** Everything a rollout of E envs × T steps recorded, already in training token order (row e*T*N + t*N + i). */
    private record Rollout(int envs, int steps, int agents, float[] obs, int[] discrete, float[] continuous,
                           boolean[] mask, int[] stepCount, boolean[] reset, double[] logProb, float[] value,
                           float[] memory) {
        int tokens() {
            return envs * steps * agents;
        }

        /** The same data with position i of every timestep holding agent {@code perm[i]}. */
        Rollout permuted(int[] perm) {
            int n = tokens();
            float[] o = new float[obs.length];
            int[] a = discrete == null ? null : new int[n];
            float[] c = continuous == null ? null : new float[continuous.length];
            boolean[] m = mask == null ? null : new boolean[mask.length];
            double[] lp = new double[n];
            float[] v = new float[n];
            for (int r = 0; r < n; r++) {
                int src = r - r % agents + perm[r % agents];
                System.arraycopy(obs, src * OBS, o, r * OBS, OBS);
                if (a != null) {
                    a[r] = discrete[src];
                    System.arraycopy(mask, src * A, m, r * A, A);
                } else {
                    System.arraycopy(continuous, src * D, c, r * D, D);
                }
                lp[r] = logProb[src];
                v[r] = value[src];
            }
            return new Rollout(envs, steps, agents, o, a, c, m, stepCount, reset, lp, v, memory);
        }
    }

    private static boolean[] randomMask(Rng rng, int rows) {
        boolean[] m = new boolean[rows * A];
        for (int r = 0; r < rows; r++) {
            boolean any = false;
            for (int a = 0; a < A; a++) {
                m[r * A + a] = rng.nextDouble() < 0.6;
                any |= m[r * A + a];
            }
            if (!any) {
                m[r * A + rng.nextInt(A)] = true;
            }
        }
        return m;
    }

    private static float[] randomObs(Rng rng, int n) {
        float[] o = new float[n];
        for (int i = 0; i < n; i++) {
            o[i] = (float) rng.nextGaussian();
        }
        return o;
    }

    /**
     * Acts 2 warm-up steps, stores the memory (round-tripped through float so training starts from exactly
     * the acting memory), then acts {@code steps} steps in which env 0 starts a new episode at t=2, env 1
     * at t=0 and env 2 never.
     */
    private static Rollout rollout(Guider g, int steps, Rng data, Rng sampling) {
        EnvSpec spec = g.spec();
        int e = g.actingEnvs();
        int n = spec.numAgents();
        boolean discrete = spec.isDiscrete();
        ActionBuffer out = new ActionBuffer(spec, e * n);
        float[] value = new float[e * n];
        int[] counter = new int[e];
        for (int k = 0; k < e; k++) {
            counter[k] = k < 3 ? new int[] {3, 7, 9}[k] : 2 + k;
        }
        for (int w = 0; w < 2; w++) {
            boolean[] start = new boolean[e];
            java.util.Arrays.fill(start, w == 0);
            int[] sc = new int[e];
            for (int k = 0; k < e; k++) {
                sc[k] = counter[k] - 2 + w;
            }
            g.act(randomObs(data, e * n * OBS), discrete ? randomMask(data, e * n) : null, sc, start, sampling, out,
                    value);
        }
        float[] memory = new float[e * g.memorySize()];
        g.saveMemory(memory);
        g.loadMemory(memory);

        int tokens = e * steps * n;
        float[] obs = new float[tokens * OBS];
        int[] actions = discrete ? new int[tokens] : null;
        float[] cont = discrete ? null : new float[tokens * D];
        boolean[] mask = discrete ? new boolean[tokens * A] : null;
        int[] stepCount = new int[tokens];
        boolean[] reset = new boolean[tokens];
        double[] logProb = new double[tokens];
        float[] values = new float[tokens];
        for (int t = 0; t < steps; t++) {
            boolean[] start = new boolean[e];
            int[] sc = new int[e];
            for (int k = 0; k < e; k++) {
                start[k] = (k == 0 && t == 2) || (k == 1 && t == 0);
                counter[k] = start[k] ? 0 : counter[k] + 1;
                sc[k] = counter[k];
            }
            float[] o = randomObs(data, e * n * OBS);
            boolean[] m = discrete ? randomMask(data, e * n) : null;
            g.act(o, m, sc, start, sampling, out, value);
            for (int k = 0; k < e; k++) {
                for (int i = 0; i < n; i++) {
                    int row = k * n + i;
                    int r = k * steps * n + t * n + i;
                    System.arraycopy(o, row * OBS, obs, r * OBS, OBS);
                    if (discrete) {
                        actions[r] = out.discrete[row];
                        System.arraycopy(m, row * A, mask, r * A, A);
                    } else {
                        System.arraycopy(out.continuous, row * D, cont, r * D, D);
                    }
                    stepCount[r] = sc[k];
                    reset[r] = start[k];
                    logProb[r] = out.logProb[row];
                    values[r] = value[row];
                }
            }
        }
        return new Rollout(e, steps, n, obs, actions, cont, mask, stepCount, reset, logProb, values, memory);
    }

    private static INDArray obsMatrix(float[] obs, int rows, DataType type) {
        INDArray x = Nd4j.create(type, new long[] {rows, OBS}, 'f');
        HostView b = HostView.ofDense(x);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < OBS; c++) {
                b.set(r + c * rows, obs[r * OBS + c]);
            }
        }
        return x;
    }

    private static ActionDistribution<?> train(Guider g, Rollout ro, DataType type) {
        return g.forward(obsMatrix(ro.obs(), ro.tokens(), type), ro.discrete(), ro.continuous(), ro.mask(),
                ro.stepCount(), ro.reset(), ro.memory(), ro.envs(), ro.steps());
    }

    private static double[] logProbs(ActionDistribution<?> dist, Rollout ro) {
        double[] lp = new double[ro.tokens()];
        if (dist instanceof MaskedCategorical c) {
            c.logProb(ro.discrete(), lp);
        } else {
            ((TanhGaussian) dist).logProb(ro.continuous(), lp);
        }
        return lp;
    }

    private static Guider guider(int agents, boolean continuous, int envs, int maxTokens, DataType type, long seed) {
        Guider g = new Guider(spec(agents, continuous), 8, 2, 2, 0.8, true, envs, maxTokens, type, new Rng(seed));
        // move off the initialisation (zero FFNs, near-uniform heads) so every path shapes the outputs
        SampledGradientCheck.perturb(g.parameters(), new Rng(seed + 1), 0.2);
        return g;
    }

    @ParameterizedTest(name = "{0} continuous={1} T={2} E={3}")
    @CsvSource({
        "DOUBLE, false, 5, 3, 1e-9, 1e-6",
        "DOUBLE, true, 5, 3, 1e-9, 1e-6",
        "FLOAT, false, 5, 3, 1e-4, 1e-4",
        "FLOAT, true, 5, 3, 1e-4, 1e-4",
        "FLOAT, false, 128, 3, 1e-4, 1e-4",
        "FLOAT, false, 5, 17, 1e-4, 1e-4",
        "FLOAT, true, 5, 17, 1e-4, 1e-4",
    })
    void teacherForcedTrainingReproducesTheActingLogProbsAndValues(DataType type, boolean continuous, int steps,
                                                                 int envs, double lpTol, double valueTol) {
        int agents = 3;
        Guider g = guider(agents, continuous, envs, envs * steps * agents, type, 11);
        assertEquals(envs >= 2 * Guider.MIN_GROUP_ENVS ? 2 : 1, g.groups());
        Rollout ro = rollout(g, steps, new Rng(12), new Rng(13));
        ActionDistribution<?> dist = train(g, ro, type);
        double[] lp = logProbs(dist, ro);
        HostView v = HostView.ofDense(g.trainingValues());
        double worst = 0;
        for (int r = 0; r < ro.tokens(); r++) {
            assertEquals(ro.logProb()[r], lp[r], lpTol, "log-prob of token " + r);
            // the acting values went through float[]; compare at float resolution
            assertEquals(ro.value()[r], v.get(r), valueTol * Math.max(1, Math.abs(v.get(r))), "value of token " + r);
            worst = Math.max(worst, Math.abs(ro.logProb()[r] - lp[r]));
        }
        org.slf4j.LoggerFactory.getLogger(GuiderTest.class).info("{} continuous={} T={}: max |log-prob diff| {}",
                type, continuous, steps, worst);
    }

    @Test
    void aShuffledAgentOrderKeepsValuesPerAgentAndLogProbsFinite() {
        int steps = 4;
        int agents = 3;
        Guider g = guider(agents, false, 3, 3 * steps * agents, DataType.DOUBLE, 21);
        Rollout ro = rollout(g, steps, new Rng(22), new Rng(23));
        Rollout shuffled = ro.permuted(new int[] {2, 0, 1});
        ActionDistribution<?> dist = train(g, shuffled, DataType.DOUBLE);
        double[] lp = logProbs(dist, shuffled);
        HostView v = HostView.ofDense(g.trainingValues());
        boolean anyDifferent = false;
        for (int r = 0; r < ro.tokens(); r++) {
            assertTrue(Double.isFinite(lp[r]) && lp[r] <= 0, "log-prob of token " + r + " = " + lp[r]);
            anyDifferent |= Math.abs(lp[r] - shuffled.logProb()[r]) > 1e-6;
            // the encoder sees a timestep as a set: each agent keeps its value whatever its position
            assertEquals(shuffled.value()[r], v.get(r), 1e-6, "value of token " + r);
        }
        assertTrue(anyDifferent, "a different decoding order must change some conditional log-probs");
    }

    @ParameterizedTest(name = "continuous={0}")
    @CsvSource({"false", "true"})
    void logProbAndValueGradientsThroughTheGuiderMatchFiniteDifferences(boolean continuous) {
        int steps = 3;
        int agents = 3;
        Guider g = new Guider(spec(agents, continuous), 8, 1, 2, 0.8, true, 2, 2 * steps * agents, DataType.DOUBLE,
                new Rng(41));
        Rng rng = new Rng(42);
        SampledGradientCheck.perturb(g.parameters(), rng, 0.3);
        Rollout ro = rollout(g, steps, new Rng(43), new Rng(44));
        float[] mem = ro.memory().clone();
        for (int i = 0; i < mem.length; i++) {
            mem[i] += (float) (0.3 * rng.nextGaussian());   // a non-trivial carried memory
        }
        Rollout data = new Rollout(ro.envs(), ro.steps(), ro.agents(), ro.obs(), ro.discrete(), ro.continuous(),
                ro.mask(), ro.stepCount(), ro.reset(), ro.logProb(), ro.value(), mem);
        int n = data.tokens();
        double[] upstream = new double[n];
        INDArray dValue = Nd4j.create(DataType.DOUBLE, new long[] {n, 1}, 'f');
        for (int r = 0; r < n; r++) {
            upstream[r] = rng.nextGaussian();
            dValue.putScalar(r, 0, rng.nextGaussian());
        }
        INDArray obs = obsMatrix(data.obs(), n, DataType.DOUBLE);
        java.util.function.DoubleSupplier loss = () -> {
            ActionDistribution<?> d = g.forward(obs, data.discrete(), data.continuous(), data.mask(), data.stepCount(),
                    data.reset(), data.memory(), data.envs(), data.steps());
            double[] lp = logProbs(d, data);
            HostView v = HostView.ofDense(g.trainingValues());
            double s = 0;
            for (int r = 0; r < n; r++) {
                s += upstream[r] * lp[r] + dValue.getDouble(r, 0) * v.get(r);
            }
            return s;
        };
        g.parameters().zeroGrads();
        ActionDistribution<?> d = g.forward(obs, data.discrete(), data.continuous(), data.mask(), data.stepCount(),
                data.reset(), data.memory(), data.envs(), data.steps());
        if (d instanceof MaskedCategorical c) {
            c.accumulateLogProbGrad(data.discrete(), upstream);
        } else {
            ((TanhGaussian) d).accumulateLogProbGrad(data.continuous(), upstream);
        }
        g.backward(dValue);
        SampledGradientCheck.check("guider continuous=" + continuous, g.parameters(), loss, rng, 4, 1e-5, 1e-7);
    }

    @Test
    void maskedActionsAreNeverSampled() {
        int envs = 4;
        int agents = 3;
        Guider g = new Guider(spec(agents, false), 16, 1, 1, 0.8, true, envs, envs * agents, DataType.FLOAT,
                new Rng(51));
        Rng data = new Rng(52);
        Rng sampling = new Rng(53);
        ActionBuffer out = new ActionBuffer(g.spec(), envs * agents);
        float[] value = new float[envs * agents];
        int[] sc = new int[envs];
        boolean[] start = new boolean[envs];
        int[] counts = new int[A];
        for (int t = 0; t < 200; t++) {
            java.util.Arrays.fill(start, t == 0);
            java.util.Arrays.fill(sc, t);
            boolean[] mask = randomMask(data, envs * agents);
            g.act(randomObs(data, envs * agents * OBS), mask, sc, start, sampling, out, value);
            for (int r = 0; r < envs * agents; r++) {
                assertTrue(mask[r * A + out.discrete[r]], "step " + t + " row " + r + " sampled illegal action "
                        + out.discrete[r]);
                assertTrue(Double.isFinite(out.logProb[r]) && out.logProb[r] <= 0);
                counts[out.discrete[r]]++;
            }
        }
        for (int a = 0; a < A; a++) {
            assertTrue(counts[a] > 0, "legal action " + a + " was never sampled");
        }
    }

    @Test
    void eachActingGroupComputesExactlyWhatAGuiderOfItsEnvsAloneComputes() {
        int agents = 2;
        int envs = 2 * Guider.MIN_GROUP_ENVS + 1;
        Guider both = guider(agents, false, envs, agents, DataType.FLOAT, 91);
        assertEquals(2, both.groups());
        assertEquals(0, both.groupFirstEnv(0));
        assertEquals(Guider.MIN_GROUP_ENVS + 1, both.groupEnvs(0));
        assertEquals(Guider.MIN_GROUP_ENVS + 1, both.groupFirstEnv(1));
        assertEquals(Guider.MIN_GROUP_ENVS, both.groupEnvs(1));
        Guider[] alone = new Guider[2];
        for (int g = 0; g < 2; g++) {
            alone[g] = guider(agents, false, both.groupEnvs(g), agents, DataType.FLOAT, 91);
            assertEquals(1, alone[g].groups());
        }
        Rng data = new Rng(92);
        int per = both.memorySize();
        for (int t = 0; t < 4; t++) {
            float[] obs = randomObs(data, envs * agents * OBS);
            // one legal action per agent: the actions, hence the next tokens, do not depend on the sampling noise
            boolean[] mask = new boolean[envs * agents * A];
            for (int r = 0; r < envs * agents; r++) {
                mask[r * A + data.nextInt(A)] = true;
            }
            int[] sc = new int[envs];
            boolean[] start = new boolean[envs];
            for (int k = 0; k < envs; k++) {
                sc[k] = t + k % 3;
                start[k] = t == 0 || (t == 2 && k % 4 == 1);
            }
            ActionBuffer out = new ActionBuffer(both.spec(), envs * agents);
            float[] value = new float[envs * agents];
            both.act(obs, mask, sc, start, new Rng(t), out, value);
            float[] memory = new float[envs * per];
            both.saveMemory(memory);
            for (int g = 0; g < 2; g++) {
                int first = both.groupFirstEnv(g);
                int n = both.groupEnvs(g);
                ActionBuffer groupOut = new ActionBuffer(both.spec(), n * agents);
                float[] groupValue = new float[n * agents];
                alone[g].act(java.util.Arrays.copyOfRange(obs, first * agents * OBS, (first + n) * agents * OBS),
                        java.util.Arrays.copyOfRange(mask, first * agents * A, (first + n) * agents * A),
                        java.util.Arrays.copyOfRange(sc, first, first + n),
                        java.util.Arrays.copyOfRange(start, first, first + n), new Rng(t), groupOut, groupValue);
                assertArrayEquals(groupOut.discrete,
                        java.util.Arrays.copyOfRange(out.discrete, first * agents, (first + n) * agents));
                assertArrayEquals(groupValue, java.util.Arrays.copyOfRange(value, first * agents, (first + n) * agents),
                        "values of group " + g + " at t=" + t);
                float[] groupMemory = new float[n * per];
                alone[g].saveMemory(groupMemory);
                assertArrayEquals(groupMemory, java.util.Arrays.copyOfRange(memory, first * per, (first + n) * per),
                        "memory of group " + g + " at t=" + t);
            }
        }
    }

    @Test
    void savingAndLoadingTheMemoryReplaysActingExactly() {
        int envs = 2;
        int agents = 2;
        Guider g = new Guider(spec(agents, true), 8, 2, 2, 0.8, true, envs, envs * agents, DataType.FLOAT,
                new Rng(61));
        SampledGradientCheck.perturb(g.parameters(), new Rng(62), 0.2);
        Rng data = new Rng(63);
        ActionBuffer out = new ActionBuffer(g.spec(), envs * agents);
        float[] value = new float[envs * agents];
        Rng sampling = new Rng(64);
        for (int t = 0; t < 3; t++) {
            g.act(randomObs(data, envs * agents * OBS), null, new int[] {t, t + 4}, new boolean[] {t == 0, false},
                    sampling, out, value);
        }
        float[] saved = new float[envs * g.memorySize()];
        g.saveMemory(saved);
        assertTrue(java.util.Arrays.stream(toDoubles(saved)).anyMatch(x -> x != 0), "memory must have moved");
        long[] rngState = sampling.state();
        float[] obs = randomObs(data, envs * agents * OBS);

        g.act(obs, null, new int[] {3, 7}, new boolean[2], sampling, out, value);
        float[] firstActions = out.continuous.clone();
        float[] firstValues = value.clone();
        float[] firstMemory = new float[saved.length];
        g.saveMemory(firstMemory);

        g.loadMemory(saved);
        float[] reloaded = new float[saved.length];
        g.saveMemory(reloaded);
        assertArrayEquals(saved, reloaded);
        g.act(obs, null, new int[] {3, 7}, new boolean[2], Rng.fromState(rngState), out, value);
        assertArrayEquals(firstActions, out.continuous);
        assertArrayEquals(firstValues, value);
        float[] secondMemory = new float[saved.length];
        g.saveMemory(secondMemory);
        assertArrayEquals(firstMemory, secondMemory);
    }

    @Test
    void peekValueLeavesTheMemoryAloneAndMatchesTheActingValue() {
        int envs = 3;
        int agents = 2;
        Guider g = new Guider(spec(agents, false), 8, 1, 2, 0.8, true, envs, envs * agents, DataType.FLOAT,
                new Rng(71));
        SampledGradientCheck.perturb(g.parameters(), new Rng(72), 0.2);
        Rng data = new Rng(73);
        ActionBuffer out = new ActionBuffer(g.spec(), envs * agents);
        float[] value = new float[envs * agents];
        Rng sampling = new Rng(74);
        for (int t = 0; t < 3; t++) {
            g.act(randomObs(data, envs * agents * OBS), null, new int[] {t, t, t}, new boolean[] {t == 0, t == 0, t == 0},
                    sampling, out, value);
        }
        float[] before = new float[envs * g.memorySize()];
        g.saveMemory(before);
        float[] obs = randomObs(data, envs * agents * OBS);
        int[] sc = {3, 0, 3};
        boolean[] start = {false, true, false};
        float[] peeked = new float[envs * agents];
        g.peekValue(obs, sc, start, peeked);
        float[] after = new float[before.length];
        g.saveMemory(after);
        assertArrayEquals(before, after);
        g.act(obs, null, sc, start, sampling, out, value);
        assertArrayEquals(value, peeked);
    }

    @Test
    void badShapesFailFastWithMessagesNamingTheArgument() {
        int envs = 2;
        int agents = 2;
        Guider g = new Guider(spec(agents, false), 8, 1, 1, 0.8, true, envs, 2 * 3 * agents, DataType.FLOAT,
                new Rng(81));
        ActionBuffer out = new ActionBuffer(g.spec(), envs * agents);
        float[] value = new float[envs * agents];
        Rng rng = new Rng(1);
        assertMessage("obs", () -> g.act(new float[3], null, new int[envs], new boolean[envs], rng, out, value));
        assertMessage("stepCount", () -> g.act(new float[envs * agents * OBS], null, new int[1], new boolean[envs],
                rng, out, value));
        assertMessage("mask", () -> g.act(new float[envs * agents * OBS], new boolean[3], new int[envs],
                new boolean[envs], rng, out, value));
        assertMessage("out", () -> g.act(new float[envs * agents * OBS], null, new int[envs], new boolean[envs], rng,
                new ActionBuffer(g.spec(), 1), value));
        assertMessage("memory", () -> g.loadMemory(new float[5]));
        assertMessage("no legal action", () -> g.act(new float[envs * agents * OBS], new boolean[envs * agents * A],
                new int[envs], new boolean[envs], rng, out, value));

        int tokens = 2 * 3 * agents;
        INDArray obs = Nd4j.create(DataType.FLOAT, new long[] {tokens, OBS}, 'f');
        float[] mem = new float[2 * g.memorySize()];
        assertMessage("maxTrainingTokens", () -> g.forward(obs, new int[tokens * 2], null, null, new int[tokens * 2],
                new boolean[tokens * 2], new float[4 * g.memorySize()], 4, 3));
        assertMessage("obs", () -> g.forward(Nd4j.create(DataType.FLOAT, new long[] {tokens, OBS + 1}, 'f'),
                new int[tokens], null, null, new int[tokens], new boolean[tokens], mem, 2, 3));
        assertMessage("memory", () -> g.forward(obs, new int[tokens], null, null, new int[tokens],
                new boolean[tokens], new float[3], 2, 3));
        assertMessage("discrete actions", () -> g.forward(obs, null, new float[tokens], null, new int[tokens],
                new boolean[tokens], mem, 2, 3));
        int[] badAction = new int[tokens];
        badAction[3] = A;
        assertMessage("action of token 3", () -> g.forward(obs, badAction, null, null, new int[tokens],
                new boolean[tokens], mem, 2, 3));
        int[] ragged = new int[tokens];
        ragged[1] = 5;   // agent 1 of timestep 0 disagrees with agent 0
        assertMessage("same for every token of a timestep", () -> g.forward(obs, new int[tokens], null, null, ragged,
                new boolean[tokens], mem, 2, 3));
        assertMessage("backward", () -> new Guider(spec(agents, false), 8, 1, 1, 0.8, true, envs, tokens,
                DataType.FLOAT, new Rng(1)).backward(null));
        assertMessage("nHead", () -> new Guider(spec(agents, false), 8, 1, 3, 0.8, true, envs, tokens,
                DataType.FLOAT, new Rng(1)));

        // acting reuses the training forward's saved activations, so a backward after it is refused
        g.forward(obs, new int[tokens], null, null, new int[tokens], new boolean[tokens], mem, 2, 3);
        g.act(new float[envs * agents * OBS], null, new int[envs], new boolean[envs], rng, out, value);
        assertMessage("no acting in between", () -> g.backward(null));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e instanceof IllegalArgumentException || e instanceof IllegalStateException,
                "expected IllegalArgument/IllegalState, got " + e);
        assertTrue(e.getMessage().contains(fragment), "message should mention '" + fragment + "': " + e.getMessage());
    }

    private static double[] toDoubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
