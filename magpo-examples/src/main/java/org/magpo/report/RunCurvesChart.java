package org.magpo.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * PNG of one run's learning curve ({@code curves.png} in a run directory): the evaluation return of
 * the learner (decentralised, {@code eval.jsonl}) against environment steps with a band of ± one
 * standard error over its episodes, and the mean return of the training episodes that ended in each
 * update ({@code metrics.csv}, played by the guider, MAGPO's behaviour policy) as a second line.
 * Non-finite values (an update in which no episode ended) are left out.
 */
public final class RunCurvesChart {
    /** File name inside the run directory. */
    public static final String FILE = "curves.png";
    /** Series names, in series order (series 0 is the evaluation). */
    public static final String EVAL_SERIES = "evaluation (learner, decentralised) ± s.e.";
    public static final String TRAIN_SERIES = "training episodes (guider)";

    private static final String METRIC = "episode_return";

    private RunCurvesChart() {
    }

    /** Both series of {@code run}: evaluation points {@code [evaluations]}, training points {@code [finite rows]}. */
    static YIntervalSeriesCollection series(Run run) {
        YIntervalSeries eval = new YIntervalSeries(EVAL_SERIES);
        for (Evaluation e : run.evaluations()) {
            double[] v = e.metrics().get(METRIC);
            double mean = Evaluation.meanOf(v);
            if (!Double.isFinite(mean)) {
                continue;
            }
            double se = standardError(v, mean);
            eval.add(e.stepCount(), mean, mean - se, mean + se);
        }
        YIntervalSeries train = new YIntervalSeries(TRAIN_SERIES);
        double[] steps = run.training().column("step");
        double[] returns = run.training().column(METRIC);
        for (int i = 0; i < steps.length; i++) {
            if (Double.isFinite(steps[i]) && Double.isFinite(returns[i])) {
                train.add(steps[i], returns[i], returns[i], returns[i]);
            }
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(eval);
        data.addSeries(train);
        return data;
    }

    /** Sample standard deviation over the episodes divided by sqrt(episodes); 0 for a single episode. */
    private static double standardError(double[] v, double mean) {
        if (v.length < 2) {
            return 0;
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (v.length - 1) / v.length);
    }

    /** Writes the chart of {@code run} to {@code png} (900×600). */
    public static void write(Path png, Run run) throws IOException {
        String title = run.key().env() + ":" + run.key().task() + " " + run.key().algorithm() + " seed " + run.seed();
        JFreeChart chart = ChartFactory.createXYLineChart(title, "environment steps", METRIC, series(run),
                PlotOrientation.VERTICAL, true, false, false);
        List<String> names = List.of(EVAL_SERIES, TRAIN_SERIES);
        ChartStyle.apply(chart, names, names);
        // A run has few evaluations (one draws no line at all): mark every point.
        ((XYLineAndShapeRenderer) chart.getXYPlot().getRenderer()).setDefaultShapesVisible(true);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    }

    /** Reads the run directory {@code dir} and writes {@code dir/curves.png}; returns its path. */
    public static Path writeInto(Path dir) throws IOException {
        List<Run> runs = RunReader.read(dir);
        if (runs.size() != 1) {
            throw new IllegalArgumentException("'" + dir + "' holds " + runs.size() + " runs; curves.png is drawn "
                    + "for a run directory of one run");
        }
        Path png = dir.resolve(FILE);
        write(png, runs.get(0));
        return png;
    }
}
