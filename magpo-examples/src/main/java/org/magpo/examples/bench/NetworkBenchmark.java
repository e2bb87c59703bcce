package org.magpo.examples.bench;

import java.lang.management.ManagementFactory;
import org.magpo.nn.Adam;
import org.magpo.nn.GlobalNormClip;
import org.magpo.nn.HostView;
import org.magpo.nn.LearningRate;
import org.magpo.nn.Parameters;
import org.magpo.nn.RecurrentActorConfig;
import org.magpo.nn.RecurrentActorNetwork;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Learner-network speed on CPU: forward, forward+backward and full training step (clip + Adam) over
 * one rollout of {@code T} steps for {@code E} envs x {@code N} agents, the acting step, the rate of a
 * bare gemm at the network's largest shape, and heap bytes allocated per training step.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp ... org.magpo.examples.bench.NetworkBenchmark [--envs 64] [--agents 4]
 *     [--steps 128] [--obs 64] [--out 5] [--iters 5]
 * </pre>
 */
public final class NetworkBenchmark {

    private NetworkBenchmark() {
    }

    public static void main(String[] args) {
        int envs = 64;
        int agents = 4;
        int steps = 128;
        int obsDim = 64;
        int outDim = 5;
        int iters = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--envs" -> envs = Integer.parseInt(args[++i]);
                case "--agents" -> agents = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--obs" -> obsDim = Integer.parseInt(args[++i]);
                case "--out" -> outDim = Integer.parseInt(args[++i]);
                case "--iters" -> iters = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        int b = envs * agents;
        int rows = steps * b;
        RecurrentActorNetwork net = new RecurrentActorNetwork(RecurrentActorConfig.of(obsDim, outDim, false, rows),
                DataType.FLOAT, new Rng(1));
        int h = net.hiddenSize();
        Parameters ps = net.parameters();
        Adam adam = new Adam(ps, LearningRate.constant(3e-4));
        GlobalNormClip clip = new GlobalNormClip(0.5);
        INDArray obs = Nd4j.create(DataType.FLOAT, new long[] {rows, obsDim}, 'f');
        fill(obs, new Rng(2));
        INDArray out = Nd4j.create(DataType.FLOAT, new long[] {rows, outDim}, 'f');
        INDArray dOut = Nd4j.create(DataType.FLOAT, new long[] {rows, outDim}, 'f');
        fill(dOut, new Rng(3));
        INDArray h0 = Nd4j.create(DataType.FLOAT, new long[] {b, h}, 'f');
        boolean[] resets = new boolean[rows];
        Rng r = new Rng(4);
        for (int i = 0; i < rows; i++) {
            resets[i] = r.nextInt(50) == 0;
        }
        INDArray stepObs = Nd4j.create(DataType.FLOAT, new long[] {b, obsDim}, 'f');
        fill(stepObs, new Rng(5));
        INDArray stepH = Nd4j.create(DataType.FLOAT, new long[] {b, h}, 'f');
        INDArray stepOut = Nd4j.create(DataType.FLOAT, new long[] {b, outDim}, 'f');
        boolean[] stepResets = new boolean[b];

        // Warm-up: JIT and first-touch of every buffer.
        for (int i = 0; i < 2; i++) {
            trainStep(net, ps, clip, adam, obs, resets, h0, out, dOut);
            net.step(stepObs, stepResets, stepH, stepOut);
        }

        double fwd = Double.MAX_VALUE;
        double fwdBwd = Double.MAX_VALUE;
        double train = Double.MAX_VALUE;
        double act = Double.MAX_VALUE;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long allocBefore = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            net.forwardSequence(obs, resets, h0, out);
            long t1 = System.nanoTime();
            fwd = Math.min(fwd, (t1 - t0) / 1e3);
        }
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            ps.zeroGrads();
            net.forwardSequence(obs, resets, h0, out);
            net.backwardSequence(dOut);
            long t1 = System.nanoTime();
            fwdBwd = Math.min(fwdBwd, (t1 - t0) / 1e3);
        }
        long allocMid = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            trainStep(net, ps, clip, adam, obs, resets, h0, out, dOut);
            long t1 = System.nanoTime();
            train = Math.min(train, (t1 - t0) / 1e3);
        }
        long allocAfter = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 50 * iters; i++) {
            long t0 = System.nanoTime();
            net.step(stepObs, stepResets, stepH, stepOut);
            long t1 = System.nanoTime();
            act = Math.min(act, (t1 - t0) / 1e3);
        }

        // FLOPs of the matrix products of one forward (backward does twice as many).
        double fwdFlops = 2.0 * rows * (obsDim * h + h * 3.0 * h + h * 3.0 * h + h * h + h * outDim);
        double gemmRate = bareGemmGflops(rows, h, 3 * h, iters);

        System.out.printf("learner network  E=%d N=%d T=%d (rows %d) obs=%d out=%d hidden=%d params=%d%n",
                envs, agents, steps, rows, obsDim, outDim, h, ps.size());
        System.out.printf("forward              %10.0f us   %6.1f GFLOP/s of matmul work%n", fwd, fwdFlops / fwd / 1e3);
        System.out.printf("forward+backward     %10.0f us   %6.1f GFLOP/s of matmul work%n", fwdBwd,
                3 * fwdFlops / fwdBwd / 1e3);
        System.out.printf("train step           %10.0f us   (zero grads, fwd, bwd, clip, Adam)%n", train);
        System.out.printf("acting step (B=%d)  %10.1f us%n", b, act);
        System.out.printf("bare gemm [%d,%d]x[%d,%d] -> 'f': %.1f GFLOP/s%n", rows, h, h, 3 * h, gemmRate);
        System.out.printf("heap bytes allocated per fwd+bwd %d, per train step %d%n",
                (allocMid - allocBefore) / (2L * iters) , (allocAfter - allocMid) / iters);
    }

    private static void trainStep(RecurrentActorNetwork net, Parameters ps, GlobalNormClip clip, Adam adam,
                                  INDArray obs, boolean[] resets, INDArray h0, INDArray out, INDArray dOut) {
        ps.zeroGrads();
        net.forwardSequence(obs, resets, h0, out);
        net.backwardSequence(dOut);
        clip.clip(ps);
        adam.step();
    }

    private static double bareGemmGflops(int m, int k, int n, int iters) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k).dup('f');
        INDArray bm = Nd4j.rand(DataType.FLOAT, k, n).dup('f');
        INDArray c = Nd4j.create(DataType.FLOAT, new long[] {m, n}, 'f');
        Nd4j.gemm(a, bm, c, false, false, 1.0, 0.0);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, bm, c, false, false, 1.0, 0.0);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return 2.0 * m * k * n / best / 1e9;
    }

    private static void fill(INDArray a, Rng rng) {
        HostView v = HostView.of(a);
        for (int i = 0; i < a.length(); i++) {
            v.set(i, rng.nextGaussian());
        }
    }
}
