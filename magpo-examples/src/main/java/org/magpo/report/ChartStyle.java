package org.magpo.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;

/**
 * Shared look of the report charts: a fixed colour per algorithm (by its position in the sorted list
 * of all the report's algorithms, so one algorithm has one colour in every chart), lines with a
 * translucent confidence band, white background.
 */
final class ChartStyle {
    static final int WIDTH = 900;
    static final int HEIGHT = 600;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private ChartStyle() {
    }

    static Paint colour(List<String> allAlgorithms, String algorithm) {
        int i = allAlgorithms.indexOf(algorithm);
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /** Line-with-band renderer for series {@code 0..algorithms.size()-1} named by {@code algorithms}. */
    static void apply(JFreeChart chart, List<String> seriesAlgorithms, List<String> allAlgorithms) {
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        DeviationRenderer r = new DeviationRenderer(true, false);
        r.setAlpha(0.2f);
        for (int s = 0; s < seriesAlgorithms.size(); s++) {
            Paint p = colour(allAlgorithms, seriesAlgorithms.get(s));
            r.setSeriesPaint(s, p);
            r.setSeriesFillPaint(s, p);
            r.setSeriesStroke(s, new BasicStroke(2f));
        }
        plot.setRenderer(r);
    }
}
