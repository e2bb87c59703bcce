package org.magpo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCurvesChartTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static Run run(List<Evaluation> evals, TrainingLog log) {
        return new Run(Path.of("r"), new RunKey("matrix", "climbing", "magpo"), 1,
                com.fasterxml.jackson.databind.node.MissingNode.getInstance(), evals, java.util.Map.of(), log, List.of());
    }

    @Test
    void evaluationSeriesIsTheEpisodeMeanWithAStandardErrorBand() {
        // returns 1, 3: mean 2, sample sd sqrt(2), s.e. sqrt(2)/sqrt(2) = 1
        Run r = run(List.of(new Evaluation(0, 100, java.util.Map.of("episode_return", new double[] {1, 3})),
                new Evaluation(1, 200, java.util.Map.of("episode_return", new double[] {5}))), TrainingLog.empty());
        YIntervalSeries eval = RunCurvesChart.series(r).getSeries(0);
        assertEquals(RunCurvesChart.EVAL_SERIES, eval.getKey());
        assertEquals(2, eval.getItemCount());
        assertEquals(100.0, eval.getX(0).doubleValue());
        assertEquals(2.0, eval.getYValue(0), 1e-12);
        assertEquals(1.0, eval.getYLowValue(0), 1e-12);
        assertEquals(3.0, eval.getYHighValue(0), 1e-12);
        assertEquals(5.0, eval.getYLowValue(1), 1e-12); // one episode: no band
    }

    @Test
    void trainingSeriesTakesStepAndEpisodeReturnByNameAndSkipsUpdatesWithoutEpisodes() {
        TrainingLog log = new TrainingLog(List.of("update", "episode_return", "extra", "step"), List.of(
                new double[] {0, Double.NaN, 7, 50}, new double[] {1, 4.5, 7, 100}, new double[] {2, 6.0, 7, 150}));
        YIntervalSeries train = RunCurvesChart.series(run(List.of(), log)).getSeries(1);
        assertEquals(RunCurvesChart.TRAIN_SERIES, train.getKey());
        assertEquals(2, train.getItemCount());
        assertEquals(100.0, train.getX(0).doubleValue());
        assertEquals(4.5, train.getYValue(0), 1e-12);
        assertEquals(150.0, train.getX(1).doubleValue());
        assertEquals(6.0, train.getYValue(1), 1e-12);
    }

    @Test
    void writesADecodablePngIntoAFixtureRunDirectory() throws IOException {
        Path dir = Fixture.copy(Fixture.runs().resolve("rware/tiny-2ag/magpo/seed_1"), tmp.resolve("seed_1"));
        Run run = RunReader.read(dir).get(0);
        YIntervalSeriesCollection data = RunCurvesChart.series(run);
        assertEquals(run.evaluations().size(), data.getSeries(0).getItemCount());
        assertEquals(run.training().rows().size(), data.getSeries(1).getItemCount());

        Path png = RunCurvesChart.writeInto(dir);
        assertEquals(dir.resolve("curves.png"), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "curves.png does not decode");
        assertEquals(900, img.getWidth());
        assertEquals(600, img.getHeight());
        assertTrue(RunReader.isRunDirectory(dir), "curves.png leaves the directory readable");
    }

    @Test
    void aFolderThatIsNoRunDirectoryIsRejected() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));
        assertThrows(IllegalArgumentException.class, () -> RunCurvesChart.writeInto(tmp.resolve("empty")));
    }
}
