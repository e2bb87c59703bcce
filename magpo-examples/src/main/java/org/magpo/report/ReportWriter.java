package org.magpo.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a {@link Report} into a folder (docs/output-format.md): {@code summary.md} (all tables, links
 * to the charts), {@code summary.csv} (per task), {@code aggregate.csv} (per algorithm),
 * {@code improvement.csv} (probability of improvement), and with plots {@code curves_<env>_<task>.png}
 * and {@code performance_profile.png}. Charts need {@code java.awt.headless=true} on a machine
 * without a display.
 */
public final class ReportWriter {
    public static final String SUMMARY_MD = "summary.md";
    public static final String SUMMARY_CSV = "summary.csv";
    public static final String AGGREGATE_CSV = "aggregate.csv";
    public static final String IMPROVEMENT_CSV = "improvement.csv";
    public static final String PROFILE_PNG = "performance_profile.png";

    private ReportWriter() {
    }

    /** File name of a task's learning-curve chart, safe on every file system. */
    public static String curvesFile(RunKey key) {
        return "curves_" + safe(key.env()) + "_" + safe(key.task()) + ".png";
    }

    /** Writes every file of the report into {@code outDir} (created); returns them in writing order. */
    public static List<Path> write(Report report, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<Path> files = new ArrayList<>();
        String metric = report.options().metric();
        List<String> algorithms = new ArrayList<>(new TreeSet<>(
                report.tasks().stream().map(t -> t.key().algorithm()).toList()));

        files.add(write(outDir.resolve(SUMMARY_CSV), summaryCsv(report)));
        files.add(write(outDir.resolve(AGGREGATE_CSV), aggregateCsv(report)));
        files.add(write(outDir.resolve(IMPROVEMENT_CSV), improvementCsv(report)));

        List<Path> charts = new ArrayList<>();
        if (report.options().plots()) {
            Map<String, List<LearningCurve>> byTask = new TreeMap<>();
            for (LearningCurve c : report.curves()) {
                byTask.computeIfAbsent(c.key().taskId(), k -> new ArrayList<>()).add(c);
            }
            for (Map.Entry<String, List<LearningCurve>> t : byTask.entrySet()) {
                Path png = outDir.resolve(curvesFile(t.getValue().get(0).key()));
                LearningCurveChart.write(png, t.getKey(), metric, t.getValue(), algorithms);
                charts.add(png);
            }
            if (!report.profiles().isEmpty()) {
                Path png = outDir.resolve(PROFILE_PNG);
                String x = (report.options().normalization() == Normalization.NONE ? "" : "normalised ") + metric
                        + " τ";
                PerformanceProfileChart.write(png, x, report.profiles(), algorithms);
                charts.add(png);
            }
        }
        files.add(write(outDir.resolve(SUMMARY_MD), markdown(report, charts)));
        files.addAll(charts);
        return files;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    static String summaryCsv(Report r) {
        StringBuilder b = new StringBuilder("env,task,algorithm,seeds,last_step_count,final_mean,final_std,"
                + "absolute_mean,absolute_std,iqm,iqm_ci_low,iqm_ci_high\n");
        for (TaskSummary t : r.tasks()) {
            b.append(csv(t.key().env())).append(',').append(csv(t.key().task())).append(',')
                    .append(csv(t.key().algorithm())).append(',').append(t.seeds()).append(',')
                    .append(t.lastStepCount()).append(',').append(num(t.finalMean())).append(',')
                    .append(num(t.finalStd())).append(',').append(num(t.absoluteMean())).append(',')
                    .append(num(t.absoluteStd())).append(',').append(interval(t.iqm())).append('\n');
        }
        return b.toString();
    }

    static String aggregateCsv(Report r) {
        StringBuilder b = new StringBuilder("algorithm,tasks,runs,normalization,iqm,iqm_ci_low,iqm_ci_high,"
                + "mean,mean_ci_low,mean_ci_high,median,median_ci_low,median_ci_high\n");
        for (AlgorithmSummary a : r.algorithms()) {
            b.append(csv(a.algorithm())).append(',').append(a.tasks()).append(',').append(a.runs()).append(',')
                    .append(r.options().normalization().name().toLowerCase(Locale.ROOT)).append(',')
                    .append(interval(a.iqm())).append(',').append(interval(a.mean())).append(',')
                    .append(interval(a.median())).append('\n');
        }
        return b.toString();
    }

    static String improvementCsv(Report r) {
        StringBuilder b = new StringBuilder("algorithm_x,algorithm_y,tasks,probability,ci_low,ci_high\n");
        for (Improvement i : r.improvements()) {
            b.append(csv(i.x())).append(',').append(csv(i.y())).append(',').append(i.tasks()).append(',')
                    .append(interval(i.probability())).append('\n');
        }
        return b.toString();
    }

    static String markdown(Report r, List<Path> charts) {
        ReportOptions o = r.options();
        StringBuilder b = new StringBuilder();
        b.append("# MAGPO4J report\n\n");
        b.append(String.format(Locale.ROOT, "%d runs; metric `%s`; run score = %s; normalisation %s; "
                + "%d stratified-bootstrap resamples, %.0f%% CIs, seed %d.%n%n", r.runs(), o.metric(),
                o.source() == ScoreSource.ABSOLUTE ? "absolute metric (best parameters re-evaluated)"
                        : "final evaluation", o.normalization().name().toLowerCase(Locale.ROOT),
                o.bootstrap().resamples(), 100 * o.bootstrap().confidence(), o.bootstrap().seed()));
        if (r.fallbacks() > 0) {
            b.append("Note: ").append(r.fallbacks())
                    .append(" run(s) have no absolute metrics and are scored by their final evaluation.\n\n");
        }
        b.append("## Per task (raw ").append(o.metric()).append(")\n\n");
        b.append("| env | task | algorithm | seeds | steps | final (mean ± std) | absolute (mean ± std) | IQM [95% CI] |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (TaskSummary t : r.tasks()) {
            b.append("| ").append(t.key().env()).append(" | ").append(t.key().task()).append(" | ")
                    .append(t.key().algorithm()).append(" | ").append(t.seeds()).append(" | ")
                    .append(t.lastStepCount()).append(" | ").append(pm(t.finalMean(), t.finalStd())).append(" | ")
                    .append(pm(t.absoluteMean(), t.absoluteStd())).append(" | ").append(md(t.iqm())).append(" |\n");
        }
        b.append("\n## Per algorithm over all its tasks (").append(o.normalization() == Normalization.NONE
                ? "raw scores" : "min/max-normalised scores").append(")\n\n");
        b.append("| algorithm | tasks | runs | IQM [CI] | mean [CI] | median [CI] |\n|---|---:|---:|---:|---:|---:|\n");
        for (AlgorithmSummary a : r.algorithms()) {
            b.append("| ").append(a.algorithm()).append(" | ").append(a.tasks()).append(" | ").append(a.runs())
                    .append(" | ").append(md(a.iqm())).append(" | ").append(md(a.mean())).append(" | ")
                    .append(md(a.median())).append(" |\n");
        }
        if (!r.improvements().isEmpty()) {
            b.append("\n## Probability of improvement P(X > Y)\n\n| X | Y | tasks | P [CI] |\n|---|---|---:|---:|\n");
            for (Improvement i : r.improvements()) {
                b.append("| ").append(i.x()).append(" | ").append(i.y()).append(" | ").append(i.tasks())
                        .append(" | ").append(md(i.probability())).append(" |\n");
            }
        }
        if (!charts.isEmpty()) {
            b.append("\n## Charts\n\n");
            for (Path c : charts) {
                String name = c.getFileName().toString();
                b.append("![").append(name).append("](").append(name).append(")\n\n");
            }
        }
        return b.toString();
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String interval(Interval i) {
        return num(i.point()) + "," + num(i.lower()) + "," + num(i.upper());
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String pm(double mean, double std) {
        return Double.isNaN(mean) ? "–" : fmt(mean) + " ± " + fmt(std);
    }

    private static String md(Interval i) {
        return Double.isNaN(i.point()) ? "–" : fmt(i.point()) + " [" + fmt(i.lower()) + ", " + fmt(i.upper()) + "]";
    }
}
