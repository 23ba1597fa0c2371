package com.useroffers.offers.reset;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.topology.OffersTopology;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.StreamsResetter;

/**
 * Replays from scratch: Kafka's own {@link StreamsResetter} moves the input offsets of the application's
 * consumer group to the earliest and deletes its internal topics (changelogs, repartition), then
 * {@link KafkaStreams#cleanUp()} wipes this machine's local state. Output topics are left alone:
 * a replay republishes history into them.
 *
 * <p>Refuses while any instance is still a member of the group. StreamsResetter supports classic
 * consumer groups only (it forces {@code group.protocol=classic} on its own consumer), which is the
 * protocol this application runs with; a configuration asking for KIP-1071 streams groups is refused.
 */
public final class ApplicationReset {

    private final OffersConfig config;
    private final PrintStream out;

    public ApplicationReset(final OffersConfig config, final PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** Returns {@link ExitCodes#OK}, {@link ExitCodes#REFUSED} (nothing changed) or {@link ExitCodes#FAILED}. */
    public int run() throws InterruptedException {
        final Properties streamsProps = config.streamsProperties();
        final String applicationId = streamsProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        final String protocol = streamsProps.getProperty(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic");
        if (!"classic".equalsIgnoreCase(protocol)) {
            out.println("reset refused: group.protocol=" + protocol + " is not supported by Kafka's StreamsResetter;"
                    + " this application runs with the classic protocol");
            return ExitCodes.REFUSED;
        }
        final Properties clientProps = clientProperties(streamsProps);
        try (Admin admin = Admin.create(clientProps)) {
            final List<String> members = activeMembers(admin, applicationId);
            if (!members.isEmpty()) {
                out.println("reset refused: " + members.size() + " instance(s) of application '" + applicationId
                        + "' are still running (members of its consumer group: " + String.join(", ", members)
                        + "); stop every instance first");
                return ExitCodes.REFUSED;
            }
        }
        final int resetterExit = runStreamsResetter(applicationId, clientProps);
        if (resetterExit != 0) {
            out.println("reset failed: Kafka's StreamsResetter exited with " + resetterExit);
            return ExitCodes.FAILED;
        }
        wipeLocalState(streamsProps);
        out.println("reset done: input offsets of '" + config.inputTopic() + "' at the earliest, internal topics of '"
                + applicationId + "' deleted, local state in " + streamsProps.getProperty(StreamsConfig.STATE_DIR_CONFIG,
                "the default state.dir") + " wiped");
        return ExitCodes.OK;
    }

    private static List<String> activeMembers(final Admin admin, final String groupId) throws InterruptedException {
        try {
            final ConsumerGroupDescription group = admin.describeConsumerGroups(Set.of(groupId))
                    .describedGroups().get(groupId).get(30, TimeUnit.SECONDS);
            if (group.type() != GroupType.CLASSIC && group.type() != GroupType.UNKNOWN) {
                throw new IllegalStateException("group '" + groupId + "' is a " + group.type() + " group, not classic");
            }
            final Collection<MemberDescription> members = group.members();
            return members.stream().map(m -> m.clientId() + "@" + m.host()).sorted().collect(Collectors.toList());
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw new IllegalStateException("cannot describe consumer group '" + groupId + "': " + e.getCause(), e.getCause());
        } catch (final java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka about consumer group '" + groupId + "' within 30 s", e);
        }
    }

    private int runStreamsResetter(final String applicationId, final Properties clientProps) {
        // The client settings (security included) go through a private temporary file: StreamsResetter
        // reads them only from --command-config, and they may hold secrets, so never on the command line.
        final Path commandConfig = writePrivateProperties(clientProps);
        try {
            final String[] args = {
                "--bootstrap-server", clientProps.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG),
                "--application-id", applicationId,
                "--input-topics", config.inputTopic(),
                "--command-config", commandConfig.toString(),
            };
            final PrintStream stdout = System.out;
            try {
                System.setOut(out);
                return new StreamsResetter().execute(args);
            } finally {
                System.setOut(stdout);
            }
        } finally {
            try {
                Files.deleteIfExists(commandConfig);
            } catch (final IOException ignored) {
                // a temp file left behind holds only what the config file already held
            }
        }
    }

    private void wipeLocalState(final Properties streamsProps) {
        try (KafkaStreams streams = new KafkaStreams(OffersTopology.build(config), streamsProps)) {
            streams.cleanUp();
        }
    }

    /** The settings meaningful to an admin client or consumer (connection and security), without Streams' own. */
    static Properties clientProperties(final Properties streamsProps) {
        final Set<String> clientKeys = new java.util.HashSet<>(AdminClientConfig.configNames());
        clientKeys.addAll(ConsumerConfig.configNames());
        final Properties props = new Properties();
        streamsProps.stringPropertyNames().stream()
                .filter(clientKeys::contains)
                .filter(key -> !key.equals(ConsumerConfig.GROUP_ID_CONFIG) && !key.equals(ConsumerConfig.CLIENT_ID_CONFIG))
                .forEach(key -> props.setProperty(key, streamsProps.getProperty(key)));
        return props;
    }

    private static Path writePrivateProperties(final Properties props) {
        try {
            final Path file = Files.createTempFile("user-offers-reset-", ".properties",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream stream = Files.newOutputStream(file)) {
                props.store(stream, "user-offers-streams reset: client settings");
            }
            return file;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write a temporary client config", e);
        }
    }
}
