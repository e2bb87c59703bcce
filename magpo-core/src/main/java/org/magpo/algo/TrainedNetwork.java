package org.magpo.algo;

import java.util.Map;
import org.magpo.nn.Adam;
import org.magpo.nn.HostView;
import org.magpo.nn.Parameters;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One trained network of an algorithm as a checkpoint sees it: its parameters {@code [P]} and its Adam
 * moments {@code [P]} and step count, saved under {@code name/params}, {@code name/adam_m},
 * {@code name/adam_v} and {@code name/adam_steps}.
 *
 * @param name      checkpoint prefix, e.g. {@code "guider"}
 * @param params    the network's parameters
 * @param optimizer its optimiser
 */
public record TrainedNetwork(String name, Parameters params, Adam optimizer) {
    public TrainedNetwork {
        if (name == null || name.isBlank() || params == null || optimizer == null) {
            throw new IllegalArgumentException("TrainedNetwork needs a non-empty name, parameters and an optimiser");
        }
    }

    /** Adds this network's entries to a checkpoint's maps. */
    public void save(Map<String, float[]> arrays, Map<String, Long> counters) {
        arrays.put(name + "/params", params.values().toFloatVector());
        arrays.put(name + "/adam_m", optimizer.firstMoment().toFloatVector());
        arrays.put(name + "/adam_v", optimizer.secondMoment().toFloatVector());
        counters.put(name + "/adam_steps", optimizer.steps());
    }

    /** Loads this network's entries from a checkpoint's maps. */
    public void restore(Map<String, float[]> arrays, Map<String, Long> counters) {
        assign(params.values(), entry(arrays, name + "/params"), name + "/params");
        assign(optimizer.firstMoment(), entry(arrays, name + "/adam_m"), name + "/adam_m");
        assign(optimizer.secondMoment(), entry(arrays, name + "/adam_v"), name + "/adam_v");
        optimizer.setSteps(entry(counters, name + "/adam_steps"));
    }

    /** The entry {@code key}, or IllegalStateException naming it. */
    static <V> V entry(Map<String, V> map, String key) {
        V v = map.get(key);
        if (v == null) {
            throw new IllegalStateException("checkpoint has no entry '" + key + "' (written by another algorithm?)");
        }
        return v;
    }

    /** Copies {@code values} into {@code target}, refusing a size mismatch. */
    static void assign(INDArray target, float[] values, String what) {
        if (target.length() != values.length) {
            throw new IllegalStateException("checkpoint entry " + what + " has " + values.length
                    + " values, the network expects " + target.length() + " (different task or network size?)");
        }
        HostView v = HostView.of(target);
        for (int i = 0; i < values.length; i++) {
            v.set(i, values[i]);
        }
    }
}
