package org.magpo.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** PNG of the learning curves of one task: one line per algorithm with its CI band over seeds. */
public final class LearningCurveChart {
    private LearningCurveChart() {
    }

    /**
     * Writes the chart.
     *
     * @param taskId        {@code "env:task"} for the title
     * @param metric        the plotted metric, for the axis label
     * @param curves        the task's curves, one per algorithm
     * @param allAlgorithms every algorithm of the report, sorted (fixes the colours)
     */
    public static void write(Path png, String taskId, String metric, List<LearningCurve> curves,
            List<String> allAlgorithms) throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (LearningCurve c : curves) {
            YIntervalSeries s = new YIntervalSeries(c.key().algorithm());
            for (int i = 0; i < c.steps().length; i++) {
                s.add(c.steps()[i], c.mean()[i], c.lower()[i], c.upper()[i]);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(taskId + ": mean over seeds, 95% bootstrap CI",
                "environment steps", metric, data, PlotOrientation.VERTICAL, true, false, false);
        ChartStyle.apply(chart, curves.stream().map(c -> c.key().algorithm()).toList(), allAlgorithms);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    }
}
