package org.magpo.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line: {@code SweepMain SPEC --out DIR [--master URL] [--max-failures N] [--conf key=value ...]
 * [--dry-run]}. Runs the sweep described by the JSON file SPEC (docs/sweeps.md) and prints the summary
 * table's path; {@code --dry-run} only lists the runs the spec expands to and their state under DIR.
 * Exit status 0 when every run finished, 1 when the sweep failed, 2 for bad arguments or a bad spec.
 */
public final class SweepMain {
    private static final String USAGE = "usage: SweepMain SPEC.json --out DIR [--master local[*] | spark://host:port | yarn"
            + " | k8s://...] [--max-failures N] [--conf spark.key=value ...] [--dry-run]";

    private SweepMain() {
    }

    /** Parsed arguments. */
    record Args(Path spec, String out, String master, int maxFailures, Map<String, String> conf, boolean dryRun) {
    }

    /** Logback configuration used when the launch names none (a class-path resource). */
    static final String DEFAULT_LOGGING = "org/magpo/spark/sweep-logback.xml";

    public static void main(String[] argv) {
        // Before the first logger exists. The examples' logback.xml on the class path would log Spark at INFO
        // (a screen per stage), and with none at all logback prints DEBUG; a launch's own choice wins.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", DEFAULT_LOGGING);
        }
        Args args;
        SweepSpec spec;
        try {
            args = parse(argv);
            spec = SweepSpec.load(args.spec());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("error: cannot read the spec: " + e);
            System.exit(2);
            return;
        }
        try {
            if (args.dryRun()) {
                List<RunSpec> runs = SweepExpansion.expand(spec);
                List<RunState> states = new SweepRunner(SweepRunner.Options.of(args.master()).with(args.maxFailures(),
                        args.conf())).states(runs, args.out());
                for (int i = 0; i < runs.size(); i++) {
                    RunSpec r = runs.get(i);
                    System.out.println(states.get(i) + "\t" + r.relativeDir()
                            + (r.hyperparameters().isEmpty() ? "" : "\t" + r.hyperparameters()));
                }
                System.out.println(runs.size() + " runs");
                return;
            }
            SweepRunner.Options options = SweepRunner.Options.of(args.master()).with(args.maxFailures(), args.conf());
            SweepRunner.Result result = new SweepRunner(options).run(spec, args.out());
            System.out.printf("%d runs: %d trained, %d resumed, %d skipped (already finished)%nsummary: %s%n",
                    result.outcomes().size(), result.count(RunOutcome.Action.TRAINED),
                    result.count(RunOutcome.Action.RESUMED), result.count(RunOutcome.Action.SKIPPED),
                    RemoteOutput.isUri(args.out()) ? args.out().replaceAll("/+$", "") + "/" + SweepSummary.FILE : result.summary());
            if (!result.report().isEmpty()) {
                System.out.println("report: " + (RemoteOutput.isUri(args.out())
                        ? args.out().replaceAll("/+$", "") + "/" + SweepReport.DIR : result.report().get(0).getParent()));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("sweep failed: " + e.getMessage());
            System.err.println("re-submit the same command to continue: finished runs are skipped, others resume");
            System.exit(1);
        }
    }

    /** Parses the command line; {@link IllegalArgumentException} names the offending argument. */
    static Args parse(String[] argv) {
        Path spec = null;
        String out = null;
        String master = null;
        int maxFailures = 4;
        Map<String, String> conf = new LinkedHashMap<>();
        boolean dryRun = false;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            switch (a) {
                case "--out" -> out = value(argv, ++i, a);
                case "--master" -> master = value(argv, ++i, a);
                case "--max-failures" -> {
                    String v = value(argv, ++i, a);
                    try {
                        maxFailures = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--max-failures takes an integer >= 1, got '" + v + "'");
                    }
                    if (maxFailures < 1) {
                        throw new IllegalArgumentException("--max-failures takes an integer >= 1, got " + maxFailures);
                    }
                }
                case "--conf" -> {
                    String v = value(argv, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--conf takes key=value, got '" + v + "'");
                    }
                    conf.put(v.substring(0, eq), v.substring(eq + 1));
                }
                case "--dry-run" -> dryRun = true;
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option '" + a + "'");
                    }
                    if (spec != null) {
                        throw new IllegalArgumentException("one SPEC file expected, got '" + spec + "' and '" + a + "'");
                    }
                    spec = Path.of(a);
                }
            }
        }
        if (spec == null) {
            throw new IllegalArgumentException("missing SPEC file");
        }
        if (out == null) {
            throw new IllegalArgumentException("missing --out DIR");
        }
        return new Args(spec, out, master, maxFailures, conf, dryRun);
    }

    private static String value(String[] argv, int i, String option) {
        if (i >= argv.length || argv[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return argv[i];
    }
}
