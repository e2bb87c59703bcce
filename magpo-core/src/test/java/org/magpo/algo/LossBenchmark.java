package org.magpo.algo;

import org.magpo.dist.MaskedCategorical;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.nn.Rng;
import org.magpo.rollout.MinibatchPlan;
import org.magpo.rollout.Minibatch;
import org.magpo.rollout.RolloutBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark main (not a test): per-minibatch cost of the MAGPO loss path outside the networks —
 * loading both categorical distributions from float logits, both losses with gradients, exporting
 * the gradients — plus the minibatch gather and GAE, at the CoordSum 3x30-50 preset sizes and a
 * 4-agent RWARE-like size. Run with OMP_NUM_THREADS=1.
 */
public final class LossBenchmark {

    /** Thread CPU time, not wall time: the benchmark machine is shared, and waiting is not our cost. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private LossBenchmark() {
    }

    public static void main(String[] args) {
        run("coordsum:3x30-50 (E=64,T=128,N=3,A=30,mb=4)", 64, 128, 3, 30, 4, 40);
        run("4-agent (E=64,T=128,N=4,A=5,mb=4)", 64, 128, 4, 5, 4, 40);
    }

    private static void run(String name, int envs, int steps, int agents, int numActions, int minibatches, int obsDim) {
        EnvSpec spec = new EnvSpec("bench:x", agents, obsDim, 0, new ActionSpace.Discrete(numActions), 100);
        RolloutBuffer buf = new RolloutBuffer(spec, steps, envs, 3 * 64 * 64, agents * 128);
        Rng rng = new Rng(1);
        for (int k = 0; k < buf.obs.length; k++) {
            buf.obs[k] = rng.nextFloat();
        }
        for (int k = 0; k < buf.actionMask.length; k++) {
            // Action 0 always legal, the others with probability 0.9.
            buf.actionMask[k] = k % numActions == 0 || rng.nextFloat() < 0.9f;
        }
        for (int k = 0; k < buf.discreteActions.length; k++) {
            int a = rng.nextInt(numActions);
            buf.discreteActions[k] = buf.actionMask[k * numActions + a] ? a : 0;
            buf.logProb[k] = -Math.log(numActions) + 0.3 * rng.nextGaussian();
            buf.value[k] = rng.nextFloat();
            buf.reward[k] = rng.nextFloat();
        }
        for (int k = 0; k < buf.done.length; k++) {
            buf.done[k] = rng.nextFloat() < 0.01f;
        }
        MinibatchPlan plan = new MinibatchPlan(envs, agents, minibatches);
        Minibatch mb = new Minibatch(buf, plan);
        int m = mb.tokens();
        INDArray gLogits = Nd4j.rand(DataType.FLOAT, m, numActions).dup('f');
        INDArray lLogits = Nd4j.rand(DataType.FLOAT, m, numActions).dup('f');
        INDArray value = Nd4j.rand(DataType.FLOAT, m, 1).dup('f');
        INDArray gGrad = Nd4j.create(DataType.FLOAT, new long[] {m, numActions}, 'f');
        INDArray lGrad = Nd4j.create(DataType.FLOAT, new long[] {m, numActions}, 'f');
        INDArray vGrad = Nd4j.create(DataType.FLOAT, new long[] {m, 1}, 'f');
        MaskedCategorical guider = new MaskedCategorical(m, numActions);
        MaskedCategorical learner = new MaskedCategorical(m, numActions);
        GuiderLoss gLoss = new GuiderLoss(m);
        LearnerLoss lLoss = new LearnerLoss(m);
        MagpoConfig cfg = MagpoConfig.preset("coordsum:3x30-50");
        GuiderLoss.Coefficients gc = GuiderLoss.Coefficients.of(cfg);
        LearnerLoss.Coefficients lc = LearnerLoss.Coefficients.of(cfg);

        int reps = 60;
        long gaeNs = 0;
        long gatherNs = 0;
        long lossNs = 0;
        long loadNs = 0;
        long gNs = 0;
        long lNs = 0;
        double sink = 0;
        for (int rep = 0; rep < reps + 5; rep++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            buf.computeAdvantages(0.99, 0.95);
            long t1 = CPU.getCurrentThreadCpuTime();
            plan.newEpoch(rng, true);
            mb.gather(buf, plan, 0);
            long t2 = CPU.getCurrentThreadCpuTime();
            guider.load(gLogits, mb.maskTokens);
            learner.load(lLogits, mb.maskLearner, mb.tokenToLearnerRow);
            long tLoad = CPU.getCurrentThreadCpuTime();
            GuiderLoss.Terms gt = gLoss.compute(guider, learner, mb.discreteActions, mb.oldLogProb,
                    mb.normalizedAdvantage, value, mb.oldValue, mb.returns, gc);
            long tG = CPU.getCurrentThreadCpuTime();
            LearnerLoss.Terms lt = lLoss.compute(guider, learner, mb.discreteActions, mb.oldLogProb,
                    mb.normalizedAdvantage, lc);
            long tL = CPU.getCurrentThreadCpuTime();
            guider.writeGrad(gGrad);
            learner.writeGrad(lGrad, mb.tokenToLearnerRow);
            gLoss.writeValueGrad(vGrad);
            long t3 = CPU.getCurrentThreadCpuTime();
            sink += gt.total() + lt.total();
            if (rep >= 5) {
                gaeNs += t1 - t0;
                gatherNs += t2 - t1;
                lossNs += t3 - t2;
                loadNs += tLoad - t2;
                gNs += tG - tLoad;
                lNs += tL - tG;
            }
        }
        System.out.printf("%s [thread CPU time]: M=%d tokens/minibatch | GAE (whole rollout) %.2f ms | gather %.2f ms | "
                        + "dists+losses+grads %.2f ms (%.0f ns/token) [sink %.3f]%n",
                name, m, gaeNs / 1e6 / reps, gatherNs / 1e6 / reps, lossNs / 1e6 / reps,
                (double) lossNs / reps / m, sink);
        System.out.printf("  of which: load both %.2f ms, guider loss %.2f ms, learner loss %.2f ms, grad export %.2f ms%n",
                loadNs / 1e6 / reps, gNs / 1e6 / reps, lNs / 1e6 / reps, (lossNs - loadNs - gNs - lNs) / 1e6 / reps);
    }
}
