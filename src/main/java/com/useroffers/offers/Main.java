package com.useroffers.offers;

import com.useroffers.offers.cli.AclsCommand;
import com.useroffers.offers.cli.CopyInputCommand;
import com.useroffers.offers.cli.IngestCommand;
import com.useroffers.offers.cli.ProduceCommand;
import com.useroffers.offers.cli.RedriveCommand;
import com.useroffers.offers.cli.ResetCommand;
import com.useroffers.offers.cli.RunCommand;
import com.useroffers.offers.cli.TopicsCommand;
import com.useroffers.offers.failure.ErrorReporter;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.UsageErrorReporter;
import com.useroffers.offers.runtime.ShutdownSignal;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code user-offers-streams <command>}: parses the command line and exits with the command's exit
 * code (see {@link ExitCodes}). A new command is one more class in {@code subcommands}.
 */
// scope INHERIT: every command gets --help, --version and the exit codes' heading from here.
@Command(name = "user-offers-streams", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        scope = ScopeType.INHERIT, exitCodeListHeading = "%nExit codes:%n",
        description = "Exactly-once Kafka Streams processor turning user offer events into per-user offer state.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {RunCommand.class, ResetCommand.class, ProduceCommand.class, RedriveCommand.class, IngestCommand.class,
            TopicsCommand.class, AclsCommand.class, CopyInputCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    public static void main(final String[] args) {
        // First of all, so that SIGTERM/SIGINT during start-up is a clean stop too, not the JVM's exit 143.
        ShutdownSignal.install();
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@code main} runs it, with one-line error reporting and exit codes. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** The same, with the commands made by {@code factory} (to run a command in-process with its own stop signal). */
    public static CommandLine commandLine(final CommandLine.IFactory factory) {
        return new CommandLine(new Main(), factory).setExecutionExceptionHandler(new ErrorReporter())
                .setParameterExceptionHandler(new UsageErrorReporter());
    }

    /** No command given: that is a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required command");
    }

    /** The application's version (from the jar's Maven metadata) and the Kafka version it runs. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws Exception {
            return new String[] {
                "user-offers-streams " + resource("/META-INF/maven/com.useroffers/user-offers-streams/pom.properties")
                        .getProperty("version", "(development build)"),
                "Kafka Streams " + kafka() + ", Java " + Runtime.version()};
        }

        /** The version kafka-clients stamps into its jar (its AppInfoParser moved to an internal package in 4.4). */
        public static String kafka() {
            try {
                return resource("/kafka/kafka-version.properties").getProperty("version", "unknown");
            } catch (final IOException e) {
                return "unknown";
            }
        }

        private static Properties resource(final String name) throws IOException {
            final Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream(name)) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return properties;
        }
    }
}
