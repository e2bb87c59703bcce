package org.magpo.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.magpo.report.AlgorithmSummary;
import org.magpo.report.Normalization;
import org.magpo.report.Report;
import org.magpo.report.ReportOptions;
import org.magpo.report.ReportWriter;
import org.magpo.report.Run;
import org.magpo.report.RunReader;
import org.magpo.report.ScoreSource;
import org.magpo.report.StratifiedBootstrap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code magpo report RUN_DIR...}: aggregate run directories into tables and charts. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Aggregate runs by (env, task, algorithm): final and absolute metrics, IQM with stratified-"
            + "bootstrap CIs over seeds, probability of improvement; writes summary.md, CSV tables and PNG charts.",
            "Each RUN_DIR is a run directory or a folder searched recursively for them (e.g. runs/)."})
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run directories or folders holding them")
    List<Path> runDirs;

    @Option(names = "--out", defaultValue = "report", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--metric", defaultValue = "episode_return",
            description = "evaluation metric (default: ${DEFAULT-VALUE})")
    String metric;

    @Option(names = "--score", defaultValue = "absolute",
            description = "run score: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    ScoreSource score;

    @Option(names = "--normalization", defaultValue = "min_max",
            description = "per-task normalisation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Normalization normalization;

    @Option(names = "--resamples", defaultValue = "2000", description = "bootstrap resamples (default: ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--confidence", defaultValue = "0.95", description = "CI coverage (default: ${DEFAULT-VALUE})")
    double confidence;

    @Option(names = "--bootstrap-seed", defaultValue = "0", description = "bootstrap seed (default: ${DEFAULT-VALUE})")
    long bootstrapSeed;

    @Option(names = "--no-plots", description = "write the tables only")
    boolean noPlots;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        ReportOptions options = new ReportOptions(metric, score, normalization,
                new StratifiedBootstrap(resamples, confidence, bootstrapSeed), !noPlots);
        List<Run> runs = RunReader.readAll(runDirs);
        Report report = Report.of(runs, options);
        List<Path> files = ReportWriter.write(report, out);
        w.printf("%d runs, %d (env, task, algorithm) groups%n", report.runs(), report.tasks().size());
        for (AlgorithmSummary a : report.algorithms()) {
            w.printf(Locale.ROOT, "  %-12s %d task(s), %d run(s): IQM %.4g [%.4g, %.4g]%n", a.algorithm(), a.tasks(),
                    a.runs(), a.iqm().point(), a.iqm().lower(), a.iqm().upper());
        }
        if (report.fallbacks() > 0) {
            w.printf("  %d run(s) lack absolute metrics and are scored by their final evaluation%n", report.fallbacks());
        }
        w.println("wrote:");
        for (Path f : files) {
            w.println("  " + f);
        }
        w.flush();
        return 0;
    }
}
