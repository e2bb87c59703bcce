package org.magpo.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.env.Envs;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Rng;

/**
 * Environment throughput with uniformly random legal actions: prints agent-steps/s and
 * env-steps/s of a {@link VectorEnv} for each task id given.
 *
 * <pre>
 * java ... org.magpo.examples.bench.EnvBenchmark [--envs 64] [--threads 1,2] [--seconds 5] TASK_ID...
 * </pre>
 * The random-action generation is included in the timing (it is what a random-policy rollout costs).
 */
public final class EnvBenchmark {

    private EnvBenchmark() {
    }

    public static void main(String[] args) {
        int numEnvs = 64;
        double seconds = 5;
        int[] threadCounts = {1, Runtime.getRuntime().availableProcessors()};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--envs" -> numEnvs = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--threads" -> threadCounts = java.util.Arrays.stream(args[++i].split(","))
                        .mapToInt(Integer::parseInt).toArray();
                default -> ids.add(args[i]);
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("give at least one task id; available: " + Envs.available());
        }
        System.out.printf("%-28s %5s %7s %14s %14s%n", "task", "E", "threads", "env-steps/s", "agent-steps/s");
        for (String id : ids) {
            for (int threads : threadCounts) {
                double envSteps = run(id, numEnvs, threads, seconds);
                int n = Envs.make(id, Map.of(), false).spec().numAgents();
                System.out.printf("%-28s %5d %7d %14.0f %14.0f%n", id, numEnvs, threads, envSteps, envSteps * n);
            }
        }
    }

    /** Returns env-steps per second (one env-step = one joint step of one copy). */
    static double run(String id, int numEnvs, int threads, double seconds) {
        try (VectorEnv vec = new VectorEnv(() -> Envs.make(id, Map.of(), true), numEnvs, 42, threads)) {
            EnvSpec spec = vec.spec();
            Rng rng = new Rng(7);
            int n = spec.numAgents();
            int[] discrete = spec.isDiscrete() ? new int[numEnvs * n] : null;
            float[] continuous = spec.isDiscrete() ? null : new float[numEnvs * n * spec.actionSpace().actionDim()];
            vec.reset();
            long steps = 0;
            long warmupEnd = System.nanoTime() + (long) (0.5e9);
            long start = 0;
            boolean timing = false;
            while (true) {
                if (discrete != null) {
                    randomLegal(vec, spec.numActions(), rng, discrete);
                    vec.step(discrete);
                } else {
                    ActionSpace.Box box = (ActionSpace.Box) spec.actionSpace();
                    int dims = box.dims();
                    for (int k = 0; k < continuous.length; k++) {
                        int d = k % dims;
                        continuous[k] = box.low(d) + rng.nextFloat() * (box.high(d) - box.low(d));
                    }
                    vec.step(continuous);
                }
                long now = System.nanoTime();
                if (!timing) {
                    if (now >= warmupEnd) {
                        timing = true;
                        start = now;
                    }
                    continue;
                }
                steps += numEnvs;
                if (now - start >= seconds * 1e9) {
                    return steps / ((now - start) / 1e9);
                }
            }
        }
    }

    private static void randomLegal(VectorEnv vec, int numActions, Rng rng, int[] out) {
        boolean[] mask = vec.actionMask;
        for (int k = 0; k < out.length; k++) {
            int legal = 0;
            for (int a = 0; a < numActions; a++) {
                if (mask[k * numActions + a]) {
                    legal++;
                }
            }
            int pick = rng.nextInt(legal);
            for (int a = 0; a < numActions; a++) {
                if (mask[k * numActions + a] && pick-- == 0) {
                    out[k] = a;
                    break;
                }
            }
        }
    }
}
