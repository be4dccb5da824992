package convkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code convkit} command line: {@code ./convkit <command> [options]}, {@code --help} on any
 * command lists its options.
 *
 * <p>To add a command: write a picocli {@code @Command} class (a {@code Callable<Integer>}) in
 * your own package or in this one, and add its class to {@link #COMMANDS}, one per line, each line ending in a comma.
 */
@Command(name = "convkit", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A compact toolkit for learning and teaching convolutional neural networks.",
        subcommands = CommandLine.HelpCommand.class)
public final class Main {

    /** The subcommands, in the order --help lists them. Add yours on its own line. */
    static final Class<?>[] COMMANDS = {
            // one class per line, each ending in a comma
            TourCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            PredictCommand.class,
            GradeCommand.class,
            ExportCommand.class,
    };

    /** The command line with every registered subcommand, for tests and for {@link #main}. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (Class<?> c : COMMANDS) cli.addSubcommand(c);
        cli.setUsageHelpAutoWidth(true);
        cli.setExecutionExceptionHandler(Main::report);
        return cli;
    }

    /**
     * Bad input and failed runs (wrong file, missing data, a diverged training) print their
     * message, which says what to do, without a stack trace; anything else is a bug and keeps it.
     */
    private static int report(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException) {
            cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
            cmd.getErr().flush();
            return 1;
        }
        throw new RuntimeException(e);
    }

    /**
     * The version from the jars' manifests, so --version never goes stale: this command's jar, or the
     * core's when the command line runs from its classes folder (as ./convkit runs it).
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            if (v == null) v = convkit.tensor.Tensor.class.getPackage().getImplementationVersion();
            return new String[] {"ConvKit " + (v == null ? "(development build, classes not from a jar)" : v)};
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
