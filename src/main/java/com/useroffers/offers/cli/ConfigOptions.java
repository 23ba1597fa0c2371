package com.useroffers.offers.cli;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.OffersConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to Kafka shares ({@code @Mixin}): where the configuration
 * comes from. Layers as in {@link ConfigLoader}: built-in defaults, {@code --config}, environment
 * variables {@code USER_OFFERS_*}, {@code --property}.
 */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with Kafka Streams and offers.* settings, e.g. config/streams.properties.")
    private Path configFile;

    @Option(names = "--property", paramLabel = "KEY=VALUE",
            description = "A setting that overrides the file and the USER_OFFERS_* environment variables. Repeatable.")
    private Map<String, String> properties = new LinkedHashMap<>();

    /** The effective configuration; a bad setting throws a {@code ConfigException} naming it. */
    public OffersConfig load() {
        return ConfigLoader.loadConfig(configFile, System.getenv(), properties);
    }
}
