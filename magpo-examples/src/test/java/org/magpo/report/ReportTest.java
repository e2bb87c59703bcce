package org.magpo.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final ReportOptions RAW = new ReportOptions("episode_return", ScoreSource.ABSOLUTE,
            Normalization.NONE, StratifiedBootstrap.defaults(), false);

    /** A run with two evaluations (one episode each) at steps 100 and 200 and one absolute episode. */
    private static Run run(String algo, long seed, double early, double late, Double absolute) {
        List<Evaluation> evals = List.of(new Evaluation(0, 100, Map.of("episode_return", new double[] {early})),
                new Evaluation(1, 200, Map.of("episode_return", new double[] {late})));
        Map<String, double[]> abs = absolute == null ? Map.of() : Map.of("episode_return", new double[] {absolute});
        return new Run(Path.of(algo + seed), new RunKey("toy", "t1", algo), seed, MissingNode.getInstance(), evals, abs,
                TrainingLog.empty(), List.of());
    }

    private static List<Run> toyRuns() {
        List<Run> runs = new ArrayList<>();
        double[] x = {2, 4, 6, 8};
        double[] y = {1, 3, 5, 7};
        for (int s = 0; s < 4; s++) {
            runs.add(run("x", s, 0, x[s], x[s]));
            runs.add(run("y", s, 0, y[s], y[s]));
        }
        return runs;
    }

    @Test
    void taskRowHoldsFinalAbsoluteAndIqmOverSeeds() {
        Report r = Report.of(toyRuns(), RAW);
        TaskSummary x = r.tasks().stream().filter(t -> t.key().algorithm().equals("x")).findFirst().orElseThrow();
        assertEquals(4, x.seeds());
        assertEquals(200, x.lastStepCount());
        assertEquals(5.0, x.finalMean(), 1e-12);
        assertEquals(Math.sqrt(20.0 / 3), x.finalStd(), 1e-12); // deviations ±1, ±3 -> 20 / (4-1)
        assertEquals(5.0, x.absoluteMean(), 1e-12);
        assertEquals(5.0, x.iqm().point(), 1e-12); // 2 4 6 8 -> (4+6)/2
        assertTrue(x.iqm().lower() <= 5 && x.iqm().upper() >= 5);
    }

    @Test
    void minMaxNormalisationUsesEveryValueOfTheTask() {
        // values of t1 range over 0 (early evaluations) .. 8 -> x scores 2/8 4/8 6/8 1, IQM (4+6)/16
        ReportOptions o = new ReportOptions("episode_return", ScoreSource.ABSOLUTE, Normalization.MIN_MAX,
                StratifiedBootstrap.defaults(), false);
        Report r = Report.of(toyRuns(), o);
        AlgorithmSummary x = r.algorithms().get(0);
        assertEquals("x", x.algorithm());
        assertEquals(10.0 / 16, x.iqm().point(), 1e-12);
        assertEquals(20.0 / 32, x.mean().point(), 1e-12);
        assertEquals(1, x.tasks());
        assertEquals(4, x.runs());
    }

    @Test
    void probabilityOfImprovementForEveryOrderedPair() {
        Report r = Report.of(toyRuns(), RAW);
        assertEquals(2, r.improvements().size());
        Improvement xy = r.improvements().get(0);
        assertEquals("x", xy.x());
        // x beats 1 of y's runs with 2, 2 with 4, 3 with 6, 4 with 8 -> 10/16
        assertEquals(10.0 / 16, xy.probability().point(), 1e-12);
        assertEquals(6.0 / 16, r.improvements().get(1).probability().point(), 1e-12);
    }

    @Test
    void runsWithoutAbsoluteMetricsAreScoredByTheirFinalEvaluationAndCounted() {
        List<Run> runs = List.of(run("x", 1, 0, 3, null), run("x", 2, 0, 5, 9.0));
        Report r = Report.of(runs, RAW);
        assertEquals(1, r.fallbacks());
        assertEquals(6.0, r.tasks().get(0).iqm().point(), 1e-12); // scores 3 (final) and 9 (absolute)
    }

    @Test
    void learningCurveAveragesSeedsAtEachEvaluation() {
        Report r = Report.of(toyRuns(), RAW);
        LearningCurve x = r.curves().stream().filter(c -> c.key().algorithm().equals("x")).findFirst().orElseThrow();
        assertArrayEquals(new double[] {100, 200}, x.steps(), 0);
        assertArrayEquals(new double[] {0, 5}, x.mean(), 1e-12);
        assertEquals(0, x.lower()[0], 0);
        assertEquals(0, x.upper()[0], 0);
        assertTrue(x.lower()[1] < 5 && x.upper()[1] > 5);
    }

    @Test
    void unknownMetricIsRejectedListingTheKnownOnes() {
        ReportOptions o = new ReportOptions("win_rate", ScoreSource.FINAL, Normalization.NONE,
                StratifiedBootstrap.defaults(), false);
        var e = assertThrows(IllegalArgumentException.class, () -> Report.of(toyRuns(), o));
        assertTrue(e.getMessage().contains("win_rate") && e.getMessage().contains("[episode_return]"), e.getMessage());
    }

    @Test
    void fixtureReportMatchesTheEvaluationFiles() throws IOException {
        List<Run> runs = RunReader.readAll(List.of(Fixture.runs()));
        Report r = Report.of(runs, ReportOptions.defaults());
        assertEquals(4, r.tasks().size());
        ObjectMapper json = new ObjectMapper();
        for (TaskSummary t : r.tasks()) {
            double sum = 0;
            for (int seed = 1; seed <= 3; seed++) {
                Path dir = Fixture.runs().resolve(t.key().env()).resolve(t.key().task()).resolve(t.key().algorithm())
                        .resolve("seed_" + seed);
                List<String> lines = Files.readAllLines(dir.resolve("eval.jsonl"));
                sum += json.readTree(lines.get(lines.size() - 1)).get("episode_return_mean").asDouble();
            }
            assertEquals(sum / 3, t.finalMean(), 1e-9, t.key().toString());
            assertEquals(3, t.seeds());
            assertEquals(32768, t.lastStepCount());
        }
        // The fixture makes MAGPO's returns about 1.5x IPPO's on both tasks.
        AlgorithmSummary ippo = r.algorithms().get(0);
        AlgorithmSummary magpo = r.algorithms().get(1);
        assertEquals("magpo", magpo.algorithm());
        assertTrue(magpo.iqm().point() > ippo.iqm().point());
        for (AlgorithmSummary a : r.algorithms()) {
            assertTrue(a.iqm().lower() >= 0 && a.iqm().upper() <= 1, a.toString());
        }
        double pxy = r.improvements().get(0).probability().point();
        double pyx = r.improvements().get(1).probability().point();
        assertEquals(1.0, pxy + pyx, 1e-12);
        assertEquals(ReportOptions.defaults().normalization(), Normalization.MIN_MAX);
        assertEquals(2, r.profiles().size());
        assertEquals(1.0, r.profiles().get(0).fraction()[0], 1e-12, "absolute scores lie above each task minimum, which early evaluations set");
    }
}
