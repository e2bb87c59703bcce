package org.magpo.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code magpo} command line: {@code list}, {@code train}, {@code eval} and {@code report}
 * (docs/cli.md). Exit codes: 0 success, 2 bad input (options, values, files), 1 anything else.
 */
@Command(name = "magpo", mixinStandardHelpOptions = true, versionProvider = MagpoCli.Version.class,
        description = "Multi-Agent Guided Policy Optimization on the JVM: train, evaluate and report.",
        subcommands = {ListCommand.class, TrainCommand.class, EvalCommand.class, ReportCommand.class,
            CommandLine.HelpCommand.class})
public final class MagpoCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Charts render off-screen; a server has no display.
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests set its out/err writers and call {@code execute}). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MagpoCli());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            PrintWriter err = line.getErr();
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
                err.println("magpo " + line.getCommandName() + ": " + ex.getMessage());
                err.flush();
                return 2;
            }
            err.println("magpo " + line.getCommandName() + " failed: " + ex);
            ex.printStackTrace(err);
            err.flush();
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version from the jar manifest, "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MagpoCli.class.getPackage().getImplementationVersion();
            return new String[] {"magpo " + (v == null ? "dev" : v), "Java " + System.getProperty("java.version")};
        }
    }
}
