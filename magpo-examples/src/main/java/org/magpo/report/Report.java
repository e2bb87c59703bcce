package org.magpo.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The statistics of a set of runs, as marl-eval/rliable compute them: per (env, task, algorithm)
 * final and absolute metrics with the IQM over seeds; per algorithm the IQM, mean and median over all
 * its runs and tasks on normalised scores; the probability of improvement for every ordered pair of
 * algorithms; learning curves and performance profiles for the charts.
 *
 * @param options       how it was computed
 * @param runs          runs it covers
 * @param tasks         per-task rows, in key order
 * @param algorithms    per-algorithm aggregates, by name
 * @param improvements  probability of improvement for every ordered pair sharing a task
 * @param curves        learning curves, in key order
 * @param profiles      performance profiles, one per algorithm
 * @param fallbacks     runs scored by their final evaluation because they lack absolute metrics
 */
public record Report(ReportOptions options, int runs, List<TaskSummary> tasks, List<AlgorithmSummary> algorithms,
        List<Improvement> improvements, List<LearningCurve> curves, List<ProfileCurve> profiles, int fallbacks) {

    /** Points of the performance profile. */
    public static final int PROFILE_POINTS = 51;

    /** Computes the report of {@code runs}. */
    public static Report of(List<Run> runs, ReportOptions options) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("Report: no runs to report on");
        }
        String metric = options.metric();
        boolean seen = runs.stream().anyMatch(r -> r.evaluations().stream().anyMatch(e -> e.metrics().containsKey(metric)));
        if (!seen) {
            TreeSet<String> known = new TreeSet<>();
            runs.forEach(r -> r.evaluations().forEach(e -> known.addAll(e.metrics().keySet())));
            throw new IllegalArgumentException("metric '" + metric + "' is in no evaluation of the runs; they hold "
                    + known);
        }
        List<RunGroup> groups = RunGroup.group(runs);
        StratifiedBootstrap boot = options.bootstrap();
        TaskNormalizer norm = new TaskNormalizer(options.normalization(), runs, metric);

        List<TaskSummary> tasks = new ArrayList<>();
        List<LearningCurve> curves = new ArrayList<>();
        // algorithm -> task id -> normalised run scores
        Map<String, Map<String, double[]>> scores = new TreeMap<>();
        int fallbacks = 0;
        for (RunGroup g : groups) {
            int n = g.runs().size();
            double[] fin = new double[n];
            double[] abs = new double[n];
            double[] score = new double[n];
            long last = 0;
            for (int i = 0; i < n; i++) {
                Run r = g.runs().get(i);
                fin[i] = r.finalScore(metric);
                abs[i] = r.absoluteScore(metric);
                score[i] = options.source().score(r, metric);
                if (options.source() == ScoreSource.ABSOLUTE && Double.isNaN(abs[i])) {
                    fallbacks++;
                }
                last = Math.max(last, r.lastStepCount());
            }
            double[] finite = finiteOf(score);
            tasks.add(new TaskSummary(g.key(), n, last, mean(fin), std(fin), mean(abs), std(abs),
                    boot.interval(new double[][] {finite}, Aggregate.IQM)));
            double[] normalised = new double[finite.length];
            for (int i = 0; i < finite.length; i++) {
                normalised[i] = norm.apply(g.key().taskId(), finite[i]);
            }
            if (normalised.length > 0) {
                scores.computeIfAbsent(g.key().algorithm(), a -> new TreeMap<>()).put(g.key().taskId(), normalised);
            }
            curves.add(curve(g, metric, boot));
        }

        List<AlgorithmSummary> algorithms = new ArrayList<>();
        for (Map.Entry<String, Map<String, double[]>> a : scores.entrySet()) {
            double[][] m = a.getValue().values().toArray(new double[0][]);
            algorithms.add(new AlgorithmSummary(a.getKey(), m.length, Aggregate.flatten(m).length,
                    boot.interval(m, Aggregate.IQM), boot.interval(m, Aggregate.MEAN), boot.interval(m, Aggregate.MEDIAN)));
        }

        List<Improvement> improvements = new ArrayList<>();
        for (String x : scores.keySet()) {
            for (String y : scores.keySet()) {
                if (x.equals(y)) {
                    continue;
                }
                List<double[]> xs = new ArrayList<>();
                List<double[]> ys = new ArrayList<>();
                for (Map.Entry<String, double[]> t : scores.get(x).entrySet()) {
                    double[] other = scores.get(y).get(t.getKey());
                    if (other != null) {
                        xs.add(t.getValue());
                        ys.add(other);
                    }
                }
                if (!xs.isEmpty()) {
                    double[][] mx = xs.toArray(new double[0][]);
                    double[][] my = ys.toArray(new double[0][]);
                    improvements.add(new Improvement(x, y, mx.length, boot.interval(mx, my, ProbabilityOfImprovement::of)));
                }
            }
        }
        return new Report(options, runs.size(), List.copyOf(tasks), List.copyOf(algorithms), List.copyOf(improvements),
                List.copyOf(curves), profiles(scores, options), fallbacks);
    }

    private static List<ProfileCurve> profiles(Map<String, Map<String, double[]>> scores, ReportOptions options) {
        double lo = 0;
        double hi = 1;
        if (options.normalization() == Normalization.NONE) {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            for (Map<String, double[]> byTask : scores.values()) {
                for (double[] s : byTask.values()) {
                    for (double v : s) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (!(hi > lo)) {
                hi = lo + 1;
            }
        }
        double[] taus = PerformanceProfile.thresholds(lo, hi, PROFILE_POINTS);
        List<ProfileCurve> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, double[]>> a : scores.entrySet()) {
            double[][] m = a.getValue().values().toArray(new double[0][]);
            double[] f = new double[taus.length];
            double[] l = new double[taus.length];
            double[] u = new double[taus.length];
            for (int i = 0; i < taus.length; i++) {
                double tau = taus[i];
                Interval iv = options.bootstrap().interval(m, s -> PerformanceProfile.fractionAbove(s, tau));
                f[i] = iv.point();
                l[i] = iv.lower();
                u[i] = iv.upper();
            }
            out.add(new ProfileCurve(a.getKey(), taus, f, l, u));
        }
        return List.copyOf(out);
    }

    private static LearningCurve curve(RunGroup g, String metric, StratifiedBootstrap boot) {
        int points = 0;
        for (Run r : g.runs()) {
            points = Math.max(points, r.evaluations().size());
        }
        Map<Integer, double[]> rows = new LinkedHashMap<>();
        for (int i = 0; i < points; i++) {
            List<Double> steps = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (Run r : g.runs()) {
                if (i < r.evaluations().size()) {
                    Evaluation e = r.evaluations().get(i);
                    double v = e.mean(metric);
                    if (!Double.isNaN(v)) {
                        steps.add((double) e.stepCount());
                        values.add(v);
                    }
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            Interval iv = boot.interval(new double[][] {v}, Aggregate.MEAN);
            rows.put(i, new double[] {mean(steps.stream().mapToDouble(Double::doubleValue).toArray()), iv.point(),
                    iv.lower(), iv.upper()});
        }
        int n = rows.size();
        double[][] cols = new double[4][n];
        int k = 0;
        for (double[] row : rows.values()) {
            for (int c = 0; c < 4; c++) {
                cols[c][k] = row[c];
            }
            k++;
        }
        return new LearningCurve(g.key(), cols[0], cols[1], cols[2], cols[3]);
    }

    private static double[] finiteOf(double[] v) {
        return java.util.Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
    }

    private static double mean(double[] v) {
        double[] f = finiteOf(v);
        return f.length == 0 ? Double.NaN : Aggregate.MEAN.of(new double[][] {f});
    }

    private static double std(double[] v) {
        double[] f = finiteOf(v);
        if (f.length == 0) {
            return Double.NaN;
        }
        if (f.length == 1) {
            return 0;
        }
        double m = mean(f);
        double s = 0;
        for (double x : f) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (f.length - 1));
    }
}
