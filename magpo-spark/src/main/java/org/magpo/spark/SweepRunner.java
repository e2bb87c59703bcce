package org.magpo.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.magpo.report.ReportOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sweep on Spark: expands the spec on the driver, makes one Spark task per run (each trains into
 * {@code <out>/<family>/<task>/<algo>/seed_<s>[/<hp-hash>]} with the algorithm's {@link RunTrainer}),
 * collects what every task did and writes {@link SweepSummary#FILE} and the aggregate report
 * ({@link SweepReport}).
 *
 * <p>Fault tolerance comes from Spark's task retries plus the run directory: a failed task is retried
 * (up to {@link Options#maxFailures} attempts) and the retry resumes from the run's last checkpoint;
 * finished runs are skipped, so re-submitting a sweep trains only what is missing.
 *
 * <p>The default master is {@code local[*]}, Spark inside this JVM. Local masters get Spark's
 * retry count appended ({@code local[*]} becomes {@code local[*,4]}), since local mode otherwise never
 * retries a task.
 */
public final class SweepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)])?");

    /**
     * How to reach Spark and which trainer runs each algorithm.
     *
     * @param master      Spark master URL ({@code local[*]}, {@code spark://host:port}, {@code yarn},
     *                    {@code k8s://...}); null uses {@code spark.master} from the environment (spark-submit)
     *                    or else {@code local[*]}
     * @param maxFailures attempts per run before the sweep fails (Spark's {@code spark.task.maxFailures}), >= 1
     * @param sparkConf   extra Spark settings ({@code spark.executor.memory}, ...), applied last
     * @param trainers    trainer per algorithm name; must cover the spec's algorithms
     * @param report      what the aggregate report in {@code <out>/report} computes; null writes none
     */
    public record Options(String master, int maxFailures, Map<String, String> sparkConf, Map<String, RunTrainer> trainers,
                          ReportOptions report) {
        public Options {
            if (maxFailures < 1) {
                throw new IllegalArgumentException("maxFailures must be >= 1, got " + maxFailures);
            }
            sparkConf = sparkConf == null ? Map.of() : Map.copyOf(sparkConf);
            if (trainers == null || trainers.isEmpty()) {
                throw new IllegalArgumentException("trainers must name at least one algorithm");
            }
            trainers = Map.copyOf(trainers);
        }

        /**
         * {@code master}, 4 attempts per run, no extra settings, the library's trainer for every algorithm,
         * the default report.
         */
        public static Options of(String master) {
            return of(master, Map.of("magpo", new MagpoRunTrainer()));
        }

        /** {@code master}, 4 attempts per run, no extra settings, the given trainers, the default report. */
        public static Options of(String master, Map<String, RunTrainer> trainers) {
            return new Options(master, 4, Map.of(), trainers, ReportOptions.defaults());
        }

        /** A copy with another retry count and other extra Spark settings. */
        public Options with(int maxFailures, Map<String, String> conf) {
            return new Options(master, maxFailures, conf, trainers, report);
        }

        /** A copy with other report options (null: no report). */
        public Options withReport(ReportOptions report) {
            return new Options(master, maxFailures, sparkConf, trainers, report);
        }
    }

    /**
     * What a sweep did: one outcome per run in expansion order, the summary table and the report's files
     * (empty without a report).
     */
    public record Result(List<RunOutcome> outcomes, Path summary, List<Path> report) {
        public Result {
            outcomes = List.copyOf(outcomes);
            report = List.copyOf(report);
        }

        /** Number of runs that ended with {@code action}. */
        public long count(RunOutcome.Action action) {
            return outcomes.stream().filter(o -> o.action() == action).count();
        }
    }

    private final Options options;

    public SweepRunner(Options options) {
        this.options = options;
    }

    /**
     * Brings every run of {@code spec} to completion under {@code out}: a path on a file system every
     * executor mounts at the same place, or the URI of a Hadoop-compatible file system ({@code hdfs://},
     * {@code s3a://}, {@code file://}, ...). With a URI each run trains in a local staging directory on its
     * executor, downloaded from the output before and uploaded after the run ({@link RemoteOutput}); the
     * driver reads run directories through its own local copy (without checkpoints) and uploads the summary
     * and report.
     *
     * @throws IllegalArgumentException for a spec whose algorithms have no trainer or an unusable output
     * @throws IllegalStateException    when an existing run directory under {@code out} holds another config
     * @throws org.apache.spark.SparkException when a run still fails after {@link Options#maxFailures} attempts
     */
    public Result run(SweepSpec spec, String out) throws IOException {
        for (String a : spec.algorithms()) {
            if (!options.trainers().containsKey(a)) {
                throw new IllegalArgumentException("no trainer for algorithm '" + a + "'; have " + options.trainers().keySet());
            }
        }
        List<RunSpec> runs = SweepExpansion.expand(spec);
        SparkConf conf = sparkConf(spec.threadsPerRun());
        RemoteOutput remote = remote(out, conf);
        // Where the driver reads run directories: the output itself, or a local copy of a remote one.
        Path outDir;
        if (remote == null) {
            outDir = outputPath(out);
            Files.createDirectories(outDir);
        } else {
            remote.createRoot();
            outDir = Files.createTempDirectory("magpo-sweep-");
        }
        // Fail before Spark starts, not after retries, when existing runs were trained with other values.
        List<RunState> states = states(runs, remote, outDir);
        for (int i = 0; i < runs.size(); i++) {
            if (states.get(i) == RunState.FINISHED || states.get(i) == RunState.RESUMABLE) {
                RunDirectory.checkSameConfig(outDir.resolve(runs.get(i).relativeDir()), runs.get(i).configJson());
            }
        }
        LOG.info("sweep '{}': {} runs into {}", spec.name(), runs.size(), remote == null ? outDir : remote);
        List<RunOutcome> outcomes;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setJobDescription("MAGPO4J sweep " + spec.name());
            // One partition per run: Spark schedules, retries and reports runs individually.
            RunTask task = remote == null ? new RunTask(outDir.toString(), options.trainers())
                    : new RunTask(remote, options.trainers());
            outcomes = sc.parallelize(runs, runs.size()).map(task).collect();
        }
        if (remote != null) {
            states(runs, remote, outDir);
        }
        Path summary = SweepSummary.write(outDir, outcomes);
        List<Path> report = options.report() == null ? List.of() : SweepReport.write(outDir, outcomes, options.report());
        if (remote != null) {
            remote.uploadFile(summary, SweepSummary.FILE);
            if (!report.isEmpty()) {
                remote.upload(outDir.resolve(SweepReport.DIR), SweepReport.DIR);
            }
            LOG.info("sweep '{}': summary and report uploaded to {} (local copy in {})", spec.name(), remote, outDir);
        }
        Result result = new Result(outcomes, summary, report);
        LOG.info("sweep '{}': {} trained, {} resumed, {} skipped; summary {}", spec.name(),
                result.count(RunOutcome.Action.TRAINED), result.count(RunOutcome.Action.RESUMED),
                result.count(RunOutcome.Action.SKIPPED), summary);
        return result;
    }

    /**
     * The state of every run of {@code runs} under {@code out} (a path or a Hadoop URI), in order; what
     * {@code --dry-run} lists.
     */
    public List<RunState> states(List<RunSpec> runs, String out) throws IOException {
        RemoteOutput remote = remote(out, sparkConf(1));
        if (remote == null) {
            return states(runs, null, outputPath(out));
        }
        Path copy = Files.createTempDirectory("magpo-sweep-");
        try {
            return states(runs, remote, copy);
        } finally {
            RunDirectory.clear(copy);
            Files.deleteIfExists(copy);
        }
    }

    /**
     * States of {@code runs} in {@code outDir}; with a remote output, {@code outDir} first becomes a copy of
     * it without checkpoints, whose presence is asked of the remote file system instead.
     */
    private static List<RunState> states(List<RunSpec> runs, RemoteOutput remote, Path outDir) throws IOException {
        List<RunState> states = new ArrayList<>(runs.size());
        for (RunSpec r : runs) {
            Path dir = outDir.resolve(r.relativeDir());
            if (remote == null) {
                states.add(RunDirectory.state(dir));
                continue;
            }
            remote.download(r.relativeDir(), dir, false);
            RunState s = RunDirectory.state(dir);
            if ((s == RunState.EMPTY || s == RunState.PARTIAL)
                    && remote.exists(r.relativeDir() + "/" + RunDirectory.CHECKPOINT)) {
                s = RunState.RESUMABLE;
            }
            states.add(s);
        }
        return states;
    }

    /**
     * The remote output for a URI {@code out} (Hadoop settings: the {@code spark.hadoop.*} entries of
     * {@code conf}, as Spark itself passes them), null for a plain path.
     */
    private static RemoteOutput remote(String out, SparkConf conf) {
        if (!RemoteOutput.isUri(out)) {
            return null;
        }
        Map<String, String> hadoop = new LinkedHashMap<>();
        for (scala.Tuple2<String, String> kv : conf.getAll()) {
            if (kv._1().startsWith("spark.hadoop.")) {
                hadoop.put(kv._1().substring("spark.hadoop.".length()), kv._2());
            }
        }
        return new RemoteOutput(out, hadoop);
    }

    /** The absolute local path for a plain path {@code out} (URIs are Hadoop outputs, see {@link #run}). */
    static Path outputPath(String out) {
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("sweep output directory must be given (--out DIR)");
        }
        if (RemoteOutput.isUri(out)) {
            throw new IllegalArgumentException("sweep output '" + out + "' is a URI, not a local path");
        }
        return Path.of(out).toAbsolutePath().normalize();
    }

    SparkConf sparkConf(int threadsPerRun) {
        SparkConf conf = new SparkConf().setAppName("magpo-sweep");
        String master = options.master();
        if (master == null) {
            master = conf.get("spark.master", "local[*]");
        }
        String effective = withLocalRetries(master, options.maxFailures());
        conf.setMaster(effective);
        Map<String, String> settings = new LinkedHashMap<>();
        if (effective.startsWith("local[")) {
            // Driver and executor are this JVM: stay on loopback rather than the host's outside address.
            settings.put("spark.driver.host", "127.0.0.1");
            settings.put("spark.driver.bindAddress", "127.0.0.1");
        }
        settings.put("spark.task.maxFailures", Integer.toString(options.maxFailures()));
        settings.put("spark.task.cpus", Integer.toString(threadsPerRun));
        // A second attempt of a running run would write the same directory.
        settings.put("spark.speculation", "false");
        // Executors start with these in their environment, so OpenMP sizes its pool for one run.
        for (String v : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            settings.put("spark.executorEnv." + v, Integer.toString(threadsPerRun));
        }
        settings.put("spark.ui.enabled", "false");
        settings.put("spark.ui.showConsoleProgress", "false");
        settings.putAll(options.sparkConf());
        settings.forEach(conf::set);
        return conf;
    }

    /** {@code local} / {@code local[N]} / {@code local[*]} with {@code ,maxFailures} appended; others unchanged. */
    static String withLocalRetries(String master, int maxFailures) {
        Matcher m = LOCAL.matcher(master);
        if (!m.matches()) {
            return master;
        }
        String threads = m.group(2) == null ? "1" : m.group(2);
        return "local[" + threads + "," + maxFailures + "]";
    }
}
