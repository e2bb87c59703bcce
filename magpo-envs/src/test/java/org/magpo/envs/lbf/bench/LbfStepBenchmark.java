package org.magpo.envs.lbf.bench;

import java.util.Map;
import org.magpo.env.TimeStep;
import org.magpo.envs.lbf.LbfEnv;
import org.magpo.envs.lbf.LbfEnvProvider;
import org.magpo.nn.Rng;

/**
 * Single-copy cost of LBF's {@code reset} and {@code step} (no VectorEnv, no id wrapper), to see where
 * time goes: {@code java ... org.magpo.envs.lbf.bench.LbfStepBenchmark [seconds] [task...]}.
 */
public final class LbfStepBenchmark {

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private LbfStepBenchmark() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        String[] tasks = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : LbfEnvProvider.TASKS.toArray(new String[0]);
        // The machine may be shared: thread CPU time is reported beside wall time, as it is what one core pays.
        System.out.printf("%-22s %14s %12s %12s %16s %20s%n", "task", "reset cpu ns", "step ns", "step cpu ns",
                "agent-steps/s", "agent-steps/cpu-s");
        for (String task : tasks) {
            LbfEnv env = (LbfEnv) new LbfEnvProvider().make(task, Map.of());
            TimeStep ts = new TimeStep(env.spec());
            int n = env.spec().numAgents();
            int[] actions = new int[n];
            Rng rng = new Rng(1);
            double resetNs = time(seconds / 3, () -> env.reset(rng.nextLong(), ts));
            env.reset(0, ts);
            long seed = 1;
            // Time steps with resets folded in, then subtract nothing: this is what a rollout pays.
            long steps = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            long cpuStart = CPU.getCurrentThreadCpuTime();
            while (true) {
                for (int k = 0; k < 1000; k++) {
                    if (ts.isLast()) {
                        env.reset(seed++, ts);
                    }
                    randomLegal(ts.actionMask, rng, actions);
                    env.step(actions, ts);
                }
                steps += 1000;
                if (System.nanoTime() >= end) {
                    break;
                }
            }
            double stepNs = (System.nanoTime() - start) / (double) steps;
            double stepCpuNs = (CPU.getCurrentThreadCpuTime() - cpuStart) / (double) steps;
            System.out.printf("%-22s %14.0f %12.0f %12.0f %16.0f %20.0f%n", task, resetNs, stepNs, stepCpuNs,
                    n * 1e9 / stepNs, n * 1e9 / stepCpuNs);
        }
    }

    private static double time(double seconds, Runnable r) {
        for (int i = 0; i < 20000; i++) {
            r.run();
        }
        long calls = 0;
        long start = CPU.getCurrentThreadCpuTime();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                r.run();
            }
            calls += 1000;
        }
        return (CPU.getCurrentThreadCpuTime() - start) / (double) calls;
    }

    private static void randomLegal(boolean[] mask, Rng rng, int[] out) {
        for (int k = 0; k < out.length; k++) {
            int legal = 0;
            for (int a = 0; a < 6; a++) {
                legal += mask[k * 6 + a] ? 1 : 0;
            }
            int pick = rng.nextInt(legal);
            for (int a = 0; a < 6; a++) {
                if (mask[k * 6 + a] && pick-- == 0) {
                    out[k] = a;
                    break;
                }
            }
        }
    }
}
