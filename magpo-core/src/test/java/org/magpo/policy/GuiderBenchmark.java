package org.magpo.policy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.magpo.dist.ActionDistribution;
import org.magpo.dist.MaskedCategorical;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.nn.HostView;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Timings of the guider (not a unit test): teacher-forced training forward and forward+backward for
 * {@code B} sequences × {@code T} steps × {@code N} agents, and one acting timestep for {@code E} envs.
 * Reports wall and thread-CPU milliseconds (the CPU figure is the one to trust on a shared machine; run
 * with {@code -Dmagpo.overlap=false}, since the overlap worker's share is not in this thread's CPU time).
 *
 * <p>{@code java ... org.magpo.policy.GuiderBenchmark [d=64,128] [nBlock=1] [nHead=1] [B=16] [T=128] [N=4] [E=64] [A=5] [obs=32] [reps=5]}
 */
public final class GuiderBenchmark {

    public static void main(String[] args) {
        int[] dims = {64, 128};
        int nBlock = 1;
        int nHead = 1;
        int b = 16;
        int t = 128;
        int n = 4;
        int e = 64;
        int a = 5;
        int obsDim = 32;
        int reps = 5;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            switch (kv[0]) {
                case "d" -> dims = java.util.Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "nBlock" -> nBlock = Integer.parseInt(kv[1]);
                case "nHead" -> nHead = Integer.parseInt(kv[1]);
                case "B" -> b = Integer.parseInt(kv[1]);
                case "T" -> t = Integer.parseInt(kv[1]);
                case "N" -> n = Integer.parseInt(kv[1]);
                case "E" -> e = Integer.parseInt(kv[1]);
                case "A" -> a = Integer.parseInt(kv[1]);
                case "obs" -> obsDim = Integer.parseInt(kv[1]);
                case "reps" -> reps = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        EnvSpec spec = new EnvSpec("bench:guider", n, obsDim, 0, new ActionSpace.Discrete(a), 1000);
        System.out.printf("Guider benchmark: B=%d T=%d N=%d E=%d A=%d obs=%d nBlock=%d nHead=%d, OMP_NUM_THREADS=%s%n",
                b, t, n, e, a, obsDim, nBlock, nHead, System.getenv("OMP_NUM_THREADS"));
        for (int d : dims) {
            run(spec, d, nBlock, nHead, b, t, e, reps);
        }
    }

    private static void run(EnvSpec spec, int d, int nBlock, int nHead, int b, int t, int e, int reps) {
        int n = spec.numAgents();
        int a = spec.numActions();
        int obsDim = spec.obsDim();
        int rows = b * t * n;
        Guider g = new Guider(spec, d, nBlock, nHead, 0.8, true, e, rows, DataType.FLOAT, new Rng(1));
        Rng rng = new Rng(2);
        INDArray obs = Nd4j.create(DataType.FLOAT, new long[] {rows, obsDim}, 'f');
        HostView ob = HostView.ofDense(obs);
        for (int i = 0; i < ob.length(); i++) {
            ob.set(i, rng.nextGaussian());
        }
        int[] actions = new int[rows];
        int[] steps = new int[rows];
        boolean[] reset = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            actions[r] = rng.nextInt(a);
            int s = (r / n) % t;
            steps[r] = s % 50;
            reset[r] = s % 50 == 0;
        }
        float[] memory = new float[b * g.memorySize()];
        double[] upstream = new double[rows];
        for (int r = 0; r < rows; r++) {
            upstream[r] = rng.nextGaussian() / rows;
        }
        INDArray dValue = Nd4j.create(DataType.FLOAT, new long[] {rows, 1}, 'f');
        dValue.assign(1.0 / rows);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();

        // warm-up
        for (int i = 0; i < 2; i++) {
            g.forward(obs, actions, null, null, steps, reset, memory, b, t);
            ((MaskedCategorical) g.forward(obs, actions, null, null, steps, reset, memory, b, t))
                    .accumulateLogProbGrad(actions, upstream);
            g.backward(dValue);
        }
        long w0 = System.nanoTime();
        long c0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
            g.forward(obs, actions, null, null, steps, reset, memory, b, t);
        }
        double fwdWall = (System.nanoTime() - w0) / 1e6 / reps;
        double fwdCpu = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / reps;
        w0 = System.nanoTime();
        c0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
            ActionDistribution<?> dist = g.forward(obs, actions, null, null, steps, reset, memory, b, t);
            ((MaskedCategorical) dist).accumulateLogProbGrad(actions, upstream);
            g.backward(dValue);
        }
        double fbWall = (System.nanoTime() - w0) / 1e6 / reps;
        double fbCpu = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / reps;

        float[] actObs = new float[e * n * obsDim];
        for (int i = 0; i < actObs.length; i++) {
            actObs[i] = (float) rng.nextGaussian();
        }
        int[] sc = new int[e];
        boolean[] start = new boolean[e];
        ActionBuffer out = new ActionBuffer(spec, e * n);
        float[] value = new float[e * n];
        int actReps = 50 * reps;
        for (int i = 0; i < 50; i++) {
            g.act(actObs, null, sc, start, rng, out, value);
        }
        long alloc0 = allocated();
        w0 = System.nanoTime();
        c0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < actReps; i++) {
            java.util.Arrays.fill(sc, i % 100);
            g.act(actObs, null, sc, start, rng, out, value);
        }
        double actWall = (System.nanoTime() - w0) / 1e6 / actReps;
        double actCpu = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / actReps;
        long allocPerStep = (allocated() - alloc0) / actReps;
        System.out.printf("d=%d  params=%d  training tokens=%d%n", d, g.parameters().size(), rows);
        System.out.printf("  forward          %8.1f ms wall  %8.1f ms cpu%n", fwdWall, fwdCpu);
        System.out.printf("  forward+backward %8.1f ms wall  %8.1f ms cpu%n", fbWall, fbCpu);
        System.out.printf("  act (E=%d)       %8.3f ms wall  %8.3f ms cpu per timestep  (%.0f env-steps/s cpu), "
                + "%d heap bytes/step%n", e, actWall, actCpu, e / (actCpu / 1e3), allocPerStep);
    }

    private static long allocated() {
        var bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean sun) {
            return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }
}
