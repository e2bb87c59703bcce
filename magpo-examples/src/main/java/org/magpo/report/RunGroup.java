package org.magpo.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runs of one (env, task, algorithm), one per seed, ordered by seed.
 *
 * @param key  what the runs share
 * @param runs the seeds' runs, >= 1, distinct seeds
 */
public record RunGroup(RunKey key, List<Run> runs) {
    public RunGroup {
        runs = runs.stream().sorted(Comparator.comparingLong(Run::seed)).toList();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("RunGroup " + key + " needs >= 1 run");
        }
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            if (!r.key().equals(key)) {
                throw new IllegalArgumentException("RunGroup " + key + " got a run of " + r.key() + " from " + r.dir());
            }
            if (i > 0 && runs.get(i - 1).seed() == r.seed()) {
                throw new IllegalArgumentException("seed " + r.seed() + " of " + key.taskId() + "/" + key.algorithm()
                        + " appears twice: " + runs.get(i - 1).dir() + " and " + r.dir()
                        + "; pass each run directory once");
            }
        }
    }

    /** Groups runs by key, in key order. */
    public static List<RunGroup> group(Collection<Run> runs) {
        Map<RunKey, List<Run>> by = new TreeMap<>();
        for (Run r : runs) {
            by.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        List<RunGroup> out = new ArrayList<>();
        by.forEach((k, v) -> out.add(new RunGroup(k, v)));
        return out;
    }

    /** Seeds, in order. */
    public long[] seeds() {
        return runs.stream().mapToLong(Run::seed).toArray();
    }
}
