package org.magpo.nn;

import java.lang.management.ManagementFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark main (not a test) for the chunkwise retention at training size: B envs × T steps × N agents,
 * one head, float. Prints forward and forward+backward time (wall clock and this thread's CPU time: with
 * OMP_NUM_THREADS=1 ND4J computes on the calling thread, so CPU time stays meaningful on a shared,
 * overloaded machine), the arithmetic rate over the dense-equivalent matmul FLOPs (per-segment
 * computation skips part of them, so the rate can exceed the gemm rate) and the Java heap bytes
 * allocated per step. Run with OMP_NUM_THREADS=1 and {@code -Dmagpo.overlap=false}: with the overlap
 * worker part of the work runs on another thread, and this thread's CPU time leaves it out.
 *
 * <p>Usage: {@code RetentionBenchmark [B T N d...]}, defaults 16 128 4 64 128.
 */
public final class RetentionBenchmark {

    private RetentionBenchmark() {
    }

    public static void main(String[] args) {
        int envs = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int nT = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int nA = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int[] dims = args.length > 3 ? java.util.Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {64, 128};
        for (int d : dims) {
            for (RetentionMask mask : RetentionMask.values()) {
                run(envs, nT, nA, d, mask);
            }
        }
    }

    private static void run(int envs, int nT, int nA, int d, RetentionMask mask) {
        Rng rng = new Rng(7);
        Parameters.Builder b = new Parameters.Builder(DataType.FLOAT);
        MultiScaleRetention ret = new MultiScaleRetention(b, "ret", d, 1, 0.8, true, mask);
        Parameters ps = b.build(rng);
        int[] steps = new int[envs * nT];
        boolean[] start = new boolean[envs * nT];
        for (int e = 0; e < envs; e++) {
            int step = rng.nextInt(100);
            for (int t = 0; t < nT; t++) {
                start[e * nT + t] = rng.nextInt(50) == 0;   // episodes of ~50 steps
                step = start[e * nT + t] ? 0 : step + 1;
                steps[e * nT + t] = step;
            }
        }
        RetentionChunk chunk = new RetentionChunk(envs, nT, nA, steps, start);
        int rows = chunk.rows();
        INDArray x = RandomArrays.normal(DataType.FLOAT, rng, 1, rows, d);
        INDArray out = Nd4j.create(DataType.FLOAT, new long[] {rows, d}, 'f');
        INDArray dOut = RandomArrays.normal(DataType.FLOAT, rng, 1, rows, d);
        INDArray dx = Nd4j.create(DataType.FLOAT, new long[] {rows, d}, 'f');
        INDArray sPrev = Nd4j.create(DataType.FLOAT, new long[] {envs, 1, d, d}, 'c');
        INDArray sNext = Nd4j.create(DataType.FLOAT, new long[] {envs, 1, d, d}, 'c');
        INDArray dSPrev = Nd4j.create(DataType.FLOAT, new long[] {envs, 1, d, d}, 'c');
        RandomArrays.fill(sPrev, rng, 0.1);

        double c = nT * nA;
        double fwdFlops = envs * (2 * 2 * c * c * d + 2 * c * d * d + 2 * c * d * d) + 5 * 2.0 * rows * d * d;
        double bwdFlops = envs * (5 * 2 * c * c * d + 4 * 2 * c * d * d) + 10 * 2.0 * rows * d * d;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 3; i++) {
            ret.forwardChunk(x, x, x, chunk, sPrev, out, sNext);
            ret.backward(dOut, null, dx, dx, dx, dSPrev);
        }
        int reps = 5;
        long a0 = mx.getThreadAllocatedBytes(tid);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long p0 = os.getProcessCpuTime();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            ret.forwardChunk(x, x, x, chunk, sPrev, out, sNext);
        }
        long t1 = System.nanoTime();
        long c1 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
            ps.zeroGrads();
            ret.forwardChunk(x, x, x, chunk, sPrev, out, sNext);
            ret.backward(dOut, null, dx, dx, dx, dSPrev);
        }
        long t2 = System.nanoTime();
        long c2 = mx.getCurrentThreadCpuTime();
        long p2 = os.getProcessCpuTime();
        long a1 = mx.getThreadAllocatedBytes(tid);
        double fwdMs = (t1 - t0) / 1e6 / reps;
        double stepMs = (t2 - t1) / 1e6 / reps;
        double fwdCpu = (c1 - c0) / 1e6 / reps;
        double stepCpu = (c2 - c1) / 1e6 / reps;
        System.out.printf("B=%d T=%d N=%d d=%d %-13s forward wall %7.2f ms cpu %7.2f ms (%5.1f GFLOP/s)  "
                        + "fwd+bwd wall %7.2f ms cpu %7.2f ms (%5.1f GFLOP/s)  heap alloc/step %.0f KB; process/thread CPU %.2f%n",
                envs, nT, nA, d, mask, fwdMs, fwdCpu, fwdFlops / fwdCpu / 1e6, stepMs, stepCpu,
                (fwdFlops + bwdFlops) / stepCpu / 1e6, (a1 - a0) / 1024.0 / (2 * reps),
                (double) (p2 - p0) / (c2 - c0));
    }
}
