package org.magpo.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.magpo.env.EnvSpec;
import org.magpo.env.Envs;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Rng;

/** A restored VectorEnv continues exactly like the original, for every environment family. */
class VectorEnvSnapshotTest {

    @ParameterizedTest
    @ValueSource(strings = {"coordsum:3x30-50", "matrix:climbing", "rware:tiny-2ag", "lbf:8x8-2p-2f-coop",
            "mpe:simple_spread_3ag", "con-5x5x3a", "smax:3m"})
    void restoredBatchContinuesBitIdentically(String id) {
        String taskId = resolve(id);
        try (VectorEnv a = new VectorEnv(() -> Envs.make(taskId, Map.of(), true), 5, 11, 1);
             VectorEnv b = new VectorEnv(() -> Envs.make(taskId, Map.of(), true), 5, 99, 1)) {
            a.reset();
            Rng rng = new Rng(3);
            for (int k = 0; k < 57; k++) {
                stepRandomly(a, rng);
            }
            VectorEnv.Snapshot snap = a.snapshot();
            b.restore(snap);
            assertArrayEquals(a.obs, b.obs, "observations right after restore");
            assertArrayEquals(a.stepCount, b.stepCount);
            Rng rngA = new Rng(5);
            Rng rngB = new Rng(5);
            for (int k = 0; k < 80; k++) {
                stepRandomly(a, rngA);
                stepRandomly(b, rngB);
                assertArrayEquals(a.obs, b.obs, "obs at step " + k);
                assertArrayEquals(a.reward, b.reward, "reward at step " + k);
                assertArrayEquals(a.stepType, b.stepType, "step type at step " + k);
                for (int e = 0; e < a.numEnvs(); e++) {
                    if (a.stepType[e] == org.magpo.env.StepType.LAST) {
                        assertEquals(a.finishedReturn[e], b.finishedReturn[e], "return of env " + e + " at step " + k);
                        assertEquals(a.finishedLength[e], b.finishedLength[e], "length of env " + e + " at step " + k);
                    }
                }
                if (a.actionMask != null) {
                    assertArrayEquals(a.actionMask, b.actionMask, "mask at step " + k);
                }
            }
        }
    }

    @Test
    void snapshotOfAnotherBatchSizeIsRejected() {
        try (VectorEnv a = new VectorEnv(() -> Envs.make("coordsum:3x30-50"), 2, 1, 1);
             VectorEnv b = new VectorEnv(() -> Envs.make("coordsum:3x30-50"), 3, 1, 1)) {
            a.reset();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.restore(a.snapshot()));
            assertEquals(true, e.getMessage().contains("3"), e.getMessage());
        }
    }

    private static String resolve(String id) {
        if (id.contains(":")) {
            String family = id.substring(0, id.indexOf(':'));
            return Envs.available().stream().filter(x -> x.equals(id)).findFirst()
                    .orElseGet(() -> Envs.available().stream().filter(x -> x.startsWith(family + ":")).findFirst()
                            .orElseThrow());
        }
        return Envs.available().stream().filter(x -> x.endsWith(id)).findFirst().orElseThrow();
    }

    private static void stepRandomly(VectorEnv v, Rng rng) {
        EnvSpec spec = v.spec();
        int rows = v.numEnvs() * spec.numAgents();
        if (spec.isDiscrete()) {
            int na = spec.numActions();
            int[] act = new int[rows];
            for (int r = 0; r < rows; r++) {
                int legal = 0;
                for (int x = 0; x < na; x++) {
                    legal += v.actionMask == null || v.actionMask[r * na + x] ? 1 : 0;
                }
                int pick = rng.nextInt(legal);
                for (int x = 0; x < na; x++) {
                    if (v.actionMask == null || v.actionMask[r * na + x]) {
                        if (pick-- == 0) {
                            act[r] = x;
                            break;
                        }
                    }
                }
            }
            v.step(act);
        } else {
            int d = spec.actionSpace().actionDim();
            float[] act = new float[rows * d];
            for (int i = 0; i < act.length; i++) {
                act[i] = rng.nextFloat();
            }
            v.step(act);
        }
    }
}
