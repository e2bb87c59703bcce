package org.magpo.envs.smax;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * Raw {@link SmaxEnv} step throughput (no wrappers, no VectorEnv) with uniformly random legal actions,
 * measured in thread CPU time so that the figure survives a loaded machine. Resets are included.
 *
 * <pre>
 * java -cp ... org.magpo.envs.smax.SmaxStepBenchmark [--seconds 6] [MAP...]   (default: 3s5z 27m_vs_30m)
 * </pre>
 */
public final class SmaxStepBenchmark {

    private SmaxStepBenchmark() {
    }

    public static void main(String[] args) {
        double seconds = 6;
        List<String> maps = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Double.parseDouble(args[++i]);
            } else {
                maps.add(args[i]);
            }
        }
        if (maps.isEmpty()) {
            maps = List.of("3s5z", "27m_vs_30m");
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf("%-16s %6s %14s %14s %10s%n", "map", "round", "env-steps/s", "agent-steps/s", "us/step");
        for (String map : maps) {
            SmaxEnv env = new SmaxEnv(SmaxScenario.named(map));
            TimeStep ts = new TimeStep(env.spec());
            int n = env.spec().numAgents();
            int a = env.spec().numActions();
            int[] actions = new int[n];
            int[] legal = new int[a];
            Rng rng = new Rng(1);
            long seed = 0;
            // Round 0 is JIT warm-up; report all rounds so the steady state is visible.
            for (int round = 0; round < 3; round++) {
                long steps = 0;
                long cpu0 = mx.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                while (System.nanoTime() - wall0 < seconds * 1e9) {
                    env.reset(seed++, ts);
                    while (!ts.isLast()) {
                        for (int i = 0; i < n; i++) {
                            int c = 0;
                            for (int k = 0; k < a; k++) {
                                if (ts.actionMask[i * a + k]) {
                                    legal[c++] = k;
                                }
                            }
                            actions[i] = legal[rng.nextInt(c)];
                        }
                        env.step(actions, ts);
                        steps++;
                    }
                }
                double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                System.out.printf("%-16s %6d %14.0f %14.0f %10.1f%n", map, round, steps / cpu, steps * n / cpu,
                        1e6 * cpu / steps);
            }
        }
    }
}
