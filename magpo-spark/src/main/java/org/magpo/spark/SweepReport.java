package org.magpo.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.magpo.report.Report;
import org.magpo.report.ReportOptions;
import org.magpo.report.ReportWriter;
import org.magpo.report.Run;
import org.magpo.report.RunKey;
import org.magpo.report.RunReader;

/**
 * The sweep's aggregate report, written by the library's report code ({@code magpo report}) into
 * {@code <out>/}{@value #DIR}: per-(task, algorithm) tables with IQM and stratified-bootstrap CIs over
 * seeds, probability of improvement, learning curves and a performance profile.
 *
 * <p>Hyperparameter points are compared like algorithms: a run of a sweep that varies hyperparameters
 * is reported under {@code <algorithm>@<hp-hash>} (the hash directory of its run; {@code DONE} and
 * {@link SweepSummary#FILE} map hashes to values), so seeds of one point aggregate together and
 * points are ranked against each other.
 */
public final class SweepReport {
    /** Folder of the report inside the sweep's output. */
    public static final String DIR = "report";

    private SweepReport() {
    }

    /** Reads every finished run of {@code outcomes} under {@code out} and writes the report; returns its files. */
    public static List<Path> write(Path out, List<RunOutcome> outcomes, ReportOptions options) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (RunOutcome o : outcomes) {
            RunSpec spec = o.run();
            for (Run r : RunReader.read(out.resolve(spec.relativeDir()))) {
                runs.add(spec.hpHash().isEmpty() ? r : relabel(r, spec.algorithm() + "@" + spec.hpHash()));
            }
        }
        // Charts are drawn off-screen; an executor or CI machine has no display.
        System.setProperty("java.awt.headless", "true");
        return ReportWriter.write(Report.of(runs, options), out.resolve(DIR));
    }

    private static Run relabel(Run r, String algorithm) {
        RunKey k = r.key();
        return new Run(r.dir(), new RunKey(k.env(), k.task(), algorithm), r.seed(), r.config(), r.evaluations(),
                r.absoluteMetrics(), r.training(), r.checkpoints());
    }
}
