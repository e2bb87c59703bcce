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

/** PNG of the performance profiles (score distributions) of all algorithms with their CI bands. */
public final class PerformanceProfileChart {
    private PerformanceProfileChart() {
    }

    /**
     * Writes the chart.
     *
     * @param xLabel        label of the threshold axis (e.g. "normalised episode_return τ")
     * @param profiles      one per algorithm
     * @param allAlgorithms every algorithm of the report, sorted (fixes the colours)
     */
    public static void write(Path png, String xLabel, List<ProfileCurve> profiles, List<String> allAlgorithms)
            throws IOException {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (ProfileCurve p : profiles) {
            YIntervalSeries s = new YIntervalSeries(p.algorithm());
            for (int i = 0; i < p.taus().length; i++) {
                s.add(p.taus()[i], p.fraction()[i], p.lower()[i], p.upper()[i]);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Performance profile (95% CI)", xLabel,
                "fraction of runs with score > τ", data, PlotOrientation.VERTICAL, true, false, false);
        ChartStyle.apply(chart, profiles.stream().map(ProfileCurve::algorithm).toList(), allAlgorithms);
        chart.getXYPlot().getRangeAxis().setRange(-0.02, 1.02);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, ChartStyle.WIDTH, ChartStyle.HEIGHT);
    }
}
