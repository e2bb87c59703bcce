package org.magpo.policy;

import java.lang.management.ManagementFactory;
import org.magpo.nn.Parameters;
import org.magpo.nn.RetentionChunk;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark main (not a test) for the whole guider: teacher-forced training pass (forward and
 * forward+backward) on a minibatch of B envs × T steps × N agents, and one acting timestep (encode +
 * N agent decodes) for E envs. 1 block, 1 head, float. Prints wall and thread-CPU time (the shared
 * machine is overloaded, so CPU time is the figure to compare). Run with OMP_NUM_THREADS=1.
 *
 * <p>Usage: {@code SableBenchmark [B T N E obsDim A d...]}, defaults 16 128 4 64 30 5 64 128.
 */
public final class SableBenchmark {

    private SableBenchmark() {
    }

    public static void main(String[] args) {
        int[] a = {16, 128, 4, 64, 30, 5};
        for (int i = 0; i < Math.min(args.length, a.length); i++) {
            a[i] = Integer.parseInt(args[i]);
        }
        int[] dims = args.length > 6 ? java.util.Arrays.stream(args, 6, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {64, 128};
        for (int d : dims) {
            run(a[0], a[1], a[2], a[3], a[4], a[5], d);
        }
    }

    private static void run(int envs, int nT, int nA, int actEnvs, int obsDim, int numActions, int d) {
        Rng rng = new Rng(3);
        SableConfig cfg = new SableConfig(obsDim, nA, numActions, false, d, 1, 1, 0.8, true);
        SableNetwork net = new SableNetwork(cfg, envs * nT * nA, actEnvs, DataType.FLOAT, rng);
        Parameters ps = net.parameters();
        int tokenDim = numActions + 1;
        int[] steps = new int[envs * nT];
        boolean[] start = new boolean[envs * nT];
        for (int e = 0; e < envs; e++) {
            int step = rng.nextInt(100);
            for (int t = 0; t < nT; t++) {
                start[e * nT + t] = rng.nextInt(50) == 0;
                step = start[e * nT + t] ? 0 : step + 1;
                steps[e * nT + t] = step;
            }
        }
        RetentionChunk chunk = new RetentionChunk(envs, nT, nA, steps, start);
        int rows = chunk.rows();
        INDArray obs = Nd4j.rand(DataType.FLOAT, rows, obsDim).dup('f');
        int[] actions = new int[rows];
        for (int r = 0; r < rows; r++) {
            actions[r] = rng.nextInt(numActions);
        }
        INDArray tokens = Nd4j.create(DataType.FLOAT, new long[] {rows, tokenDim}, 'f');
        for (int r = 0; r < rows; r++) {   // start flag for agent 0, else one-hot of the previous agent's action
            tokens.putScalar(new long[] {r, r % nA == 0 ? 0 : 1 + actions[r - 1]}, 1.0);
        }
        SableMemory mem = new SableMemory(cfg, envs, DataType.FLOAT);
        INDArray out = Nd4j.create(DataType.FLOAT, new long[] {rows, numActions}, 'f');
        INDArray value = Nd4j.create(DataType.FLOAT, new long[] {rows, 1}, 'f');
        INDArray dOut = Nd4j.rand(DataType.FLOAT, rows, numActions).dup('f');
        INDArray dValue = Nd4j.rand(DataType.FLOAT, rows, 1).dup('f');

        ActingMemory actMem = new ActingMemory(cfg, actEnvs, DataType.FLOAT);
        boolean[] actStarts = new boolean[actEnvs];
        INDArray actObs = Nd4j.rand(DataType.FLOAT, actEnvs * nA, obsDim).dup('f');
        INDArray actValue = Nd4j.create(DataType.FLOAT, new long[] {actEnvs * nA, 1}, 'f');
        INDArray actTok = Nd4j.create(DataType.FLOAT, new long[] {actEnvs, tokenDim}, 'f');
        INDArray actOut = Nd4j.create(DataType.FLOAT, new long[] {actEnvs, numActions}, 'f');
        int[] actSteps = new int[actEnvs];
        Runnable act = () -> {
            net.beginTimestep(actEnvs, actStarts);
            net.encodeStep(actObs, actSteps, actMem, actValue);
            for (int i = 0; i < nA; i++) {
                net.decodeStep(i, actTok, actSteps, actMem, actOut);
            }
        };

        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3; i++) {
            net.forward(obs, tokens, chunk, mem, out, value);
            net.backward(dOut, dValue);
            act.run();
        }
        int reps = 5;
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            net.forward(obs, tokens, chunk, mem, out, value);
        }
        long c1 = mx.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            ps.zeroGrads();
            net.forward(obs, tokens, chunk, mem, out, value);
            net.backward(dOut, dValue);
        }
        long c2 = mx.getCurrentThreadCpuTime();
        long t2 = System.nanoTime();
        int actReps = 20;
        for (int i = 0; i < actReps; i++) {
            act.run();
        }
        long c3 = mx.getCurrentThreadCpuTime();
        long t3 = System.nanoTime();
        System.out.printf("guider d=%d B=%d T=%d N=%d: train forward wall %.1f ms cpu %.1f ms; forward+backward wall %.1f ms"
                        + " cpu %.1f ms; acting step (E=%d, encode + %d decodes) wall %.2f ms cpu %.2f ms; params %d%n",
                d, envs, nT, nA, (t1 - t0) / 1e6 / reps, (c1 - c0) / 1e6 / reps, (t2 - t1) / 1e6 / reps,
                (c2 - c1) / 1e6 / reps, actEnvs, nA, (t3 - t2) / 1e6 / actReps, (c3 - c2) / 1e6 / actReps, ps.size());
    }
}
