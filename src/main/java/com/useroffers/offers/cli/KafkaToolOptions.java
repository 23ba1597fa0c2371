package com.useroffers.offers.cli;

import com.useroffers.offers.config.ClientSettings;
import com.useroffers.offers.config.OffersConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options {@code topics} and {@code acls} share ({@code @Mixin}): those of every command
 * ({@link ConfigOptions}), Kafka's tools' {@code --bootstrap-server} and {@code --command-config}, and
 * the three topic names; the last go over what {@code --config}, {@code USER_OFFERS_*} and
 * {@code --property} set, so that both the tools'
 * habits and the application's configuration work.
 */
public final class KafkaToolOptions {

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Brokers to talk to (default: bootstrap.servers of the configuration, 127.0.0.1:9092).")
    private String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client settings (SASL/SSL properties) over those of the configuration, as for Kafka's tools.")
    private Path commandConfig;

    @Option(names = "--input-topic", paramLabel = "NAME", description = "Default: offers.input.topic (user-offers).")
    private String inputTopic;

    @Option(names = "--state-topic", paramLabel = "NAME", description = "Default: offers.state.topic (user-offer-state).")
    private String stateTopic;

    @Option(names = "--dlq-topic", paramLabel = "NAME", description = "Default: offers.dlq.topic (user-offers-dlq).")
    private String dlqTopic;

    /** The configuration ({@link ConfigOptions#load}). */
    OffersConfig load() {
        return configOptions.load();
    }

    String inputTopic(final OffersConfig config) {
        return topic("--input-topic", inputTopic == null ? config.inputTopic() : inputTopic);
    }

    String stateTopic(final OffersConfig config) {
        return topic("--state-topic", stateTopic == null ? config.stateTopic() : stateTopic);
    }

    String dlqTopic(final OffersConfig config) {
        return topic("--dlq-topic", dlqTopic == null ? config.dlqTopic() : dlqTopic);
    }

    /** The Admin client's settings: the configuration's, then {@code --command-config}'s, then {@code --bootstrap-server}. */
    Map<String, Object> adminSettings(final OffersConfig config, final String clientId) {
        final Map<String, Object> settings = ClientSettings.admin(config, clientId);
        commandConfig().forEach((key, value) -> settings.put(String.valueOf(key), value));
        if (bootstrapServer != null) {
            settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        }
        return settings;
    }

    /** The brokers the Admin client of {@link #adminSettings} talks to, for messages. */
    static String bootstrap(final Map<String, Object> adminSettings) {
        final Object servers = adminSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        return servers instanceof java.util.List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(servers);
    }

    /** {@code name}, or a usage error naming {@code option}. */
    String topic(final String option, final String name) {
        final String mistake = notATopicName(option, name);
        if (mistake != null) {
            throw new ParameterException(command.commandLine(), mistake);
        }
        return name;
    }

    /** What is wrong with {@code name} as a topic name given to {@code option}; {@code null} when it is one Kafka accepts. */
    static String notATopicName(final String option, final String name) {
        return TOPIC.matcher(name).matches() ? null
                : option + ": '" + name + "' is not a valid topic name (letters, digits, '.', '_', '-')";
    }

    private Properties commandConfig() {
        final Properties properties = new Properties();
        if (commandConfig != null) {
            try (Reader reader = Files.newBufferedReader(commandConfig, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (final IOException e) {
                throw new ParameterException(command.commandLine(), "cannot read --command-config " + commandConfig + ": " + e.getMessage());
            }
        }
        return properties;
    }
}
