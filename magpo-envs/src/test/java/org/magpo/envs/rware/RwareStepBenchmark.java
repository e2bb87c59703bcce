package org.magpo.envs.rware;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.TimeStep;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Rng;

/**
 * Throughput of RWARE stepping on one thread, reported per wall second and per CPU second of the
 * stepping thread (the latter is what "per core" means on a shared, oversubscribed machine).
 * Two loops: the raw env alone (random legal actions, reset on LAST) and the full training path
 * (VectorEnv of E copies with the agent-id wrapper and auto-reset, as EnvBenchmark runs it).
 *
 * <pre>java -cp ... org.magpo.envs.rware.RwareStepBenchmark [--envs 64] [--seconds 5] TASK_ID...</pre>
 */
public final class RwareStepBenchmark {

    private RwareStepBenchmark() {
    }

    public static void main(String[] args) {
        int numEnvs = 64;
        double seconds = 5;
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--envs" -> numEnvs = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                default -> ids.add(args[i]);
            }
        }
        if (ids.isEmpty()) {
            ids = java.util.List.of("rware:tiny-2ag", "rware:large-8ag");
        }
        System.out.printf("%-18s %-22s %16s %16s%n", "task", "loop", "agent-steps/wall-s", "agent-steps/cpu-s");
        for (String id : ids) {
            double[] raw = rawEnv(id, seconds);
            System.out.printf("%-18s %-22s %16.0f %16.0f%n", id, "raw env", raw[0], raw[1]);
            double[] vec = vector(id, numEnvs, seconds);
            System.out.printf("%-18s %-22s %16.0f %16.0f%n", id, "VectorEnv E=" + numEnvs + " +id", vec[0], vec[1]);
        }
    }

    private static double[] rawEnv(String id, double seconds) {
        MultiAgentEnv env = Envs.make(id, Map.of(), false);
        TimeStep out = new TimeStep(env.spec());
        int n = env.spec().numAgents();
        int[] actions = new int[n];
        Rng rng = new Rng(7);
        long seed = 0;
        env.reset(seed++, out);
        Timer t = new Timer(seconds);
        long steps = 0;
        while (t.running(steps)) {
            for (int k = 0; k < 1024; k++) {
                pickLegal(out.actionMask, rng, actions);
                env.step(actions, out);
                if (out.isLast()) {
                    env.reset(seed++, out);
                }
            }
            steps += 1024L * n;
        }
        return t.rates(steps);
    }

    private static double[] vector(String id, int numEnvs, double seconds) {
        try (VectorEnv vec = new VectorEnv(() -> Envs.make(id, Map.of(), true), numEnvs, 42, 1)) {
            int n = vec.spec().numAgents();
            int[] actions = new int[numEnvs * n];
            Rng rng = new Rng(7);
            vec.reset();
            Timer t = new Timer(seconds);
            long steps = 0;
            while (t.running(steps)) {
                for (int k = 0; k < 16; k++) {
                    pickLegal(vec.actionMask, rng, actions);
                    vec.step(actions);
                }
                steps += 16L * numEnvs * n;
            }
            return t.rates(steps);
        }
    }

    private static void pickLegal(boolean[] mask, Rng rng, int[] out) {
        int a = RwareEnv.NUM_ACTIONS;
        for (int k = 0; k < out.length; k++) {
            int pick;
            do {
                pick = rng.nextInt(a);
            } while (!mask[k * a + pick]);
            out[k] = pick;
        }
    }

    /** Wall and thread-CPU clock with a 1 s warm-up whose steps are not counted. */
    private static final class Timer {
        private final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        private final double seconds;
        private final long warmupEnd = System.nanoTime() + 1_000_000_000L;
        private long wall0 = -1;
        private long cpu0;
        private long steps0;

        Timer(double seconds) {
            this.seconds = seconds;
        }

        boolean running(long steps) {
            long now = System.nanoTime();
            if (wall0 < 0) {
                if (now >= warmupEnd) {
                    wall0 = now;
                    cpu0 = bean.getCurrentThreadCpuTime();
                    steps0 = steps;
                }
                return true;
            }
            return now - wall0 < seconds * 1e9;
        }

        double[] rates(long steps) {
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (bean.getCurrentThreadCpuTime() - cpu0) / 1e9;
            return new double[] {(steps - steps0) / wall, (steps - steps0) / cpu};
        }
    }
}
