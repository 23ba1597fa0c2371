package com.useroffers.offers.cli;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.OffersConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command that talks to Kafka shares ({@code @Mixin}): where the configuration
 * comes from. Layers as in {@link ConfigLoader}: built-in defaults, {@code --config}, environment
 * variables {@code USER_OFFERS_*}, {@code --property}.
 */
public final class ConfigOptions {

    /** The command this mixin is part of: its stderr is where the warnings go. */
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with Kafka Streams and offers.* settings, e.g. config/streams.properties.")
    private Path configFile;

    @Option(names = "--property", paramLabel = "KEY=VALUE",
            description = "A setting that overrides the file and the USER_OFFERS_* environment variables. Repeatable. "
                    + "Secrets (passwords, sasl.jaas.config, tokens) work here but draw a warning: other users of the "
                    + "machine can read a command line; put them in the --config file or the environment instead.")
    private Map<String, String> properties = new LinkedHashMap<>();

    /**
     * The effective configuration; a bad setting throws a {@code ConfigException} naming it. Warns
     * first, once per secret given with {@code --property}, so that the warning shows even when the
     * configuration is then refused.
     */
    public OffersConfig load() {
        final PrintWriter err = command.commandLine().getErr();
        SecretArguments.warnings(properties).forEach(err::println);
        err.flush();
        return ConfigLoader.loadConfig(configFile, System.getenv(), properties);
    }
}
