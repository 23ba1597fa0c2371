package com.useroffers.offers.run;

import com.useroffers.offers.config.ClientSettings;
import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.ShutdownSignal;
import com.useroffers.offers.security.AclCommand;
import com.useroffers.offers.security.AclPlan;
import com.useroffers.offers.security.RunAccess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code run} checks before Kafka Streams is created, with one Admin client: a broker answers with
 * these credentials, the topics exist ({@link StartupChecks}), their settings can keep the contract
 * ({@link TopicRules}), and the principal holds every ACL of {@code run} ({@link RunAccess}). A refusal is
 * a {@link RunFailure} with one line, before anything starts: Kafka Streams would otherwise retry a missing
 * broker for ever and report the rest late, through its error state.
 */
final class PreFlight {

    private static final Logger LOG = LoggerFactory.getLogger(PreFlight.class);

    private final OffersConfig config;
    private final RunAccess access;
    private final ShutdownSignal signal;

    PreFlight(final OffersConfig config, final RunAccess access, final ShutdownSignal signal) {
        this.config = config;
        this.access = access;
        this.signal = signal;
    }

    /**
     * @return the number of start-up warnings (for the metric); empty when a stop was requested meanwhile
     * @throws RunFailure with the exit code of the first refusal
     */
    OptionalInt clear() {
        final Map<String, Object> adminConfigs = adminConfigs("-startup-check");
        final Admin admin = StartupChecks.createAdmin(adminConfigs);
        try {
            final Map<String, TopicFacts> facts = new StartupChecks(adminConfigs, config.startupTimeout(), signal)
                    .forCommand(AclCommand.RUN, AclPlan.Names.of(config)).inspect(admin, topics());
            if (facts == null || signal.isRequested()) {
                return OptionalInt.empty();
            }
            final int warnings = judge(facts);
            if (!access.checkBeforeStart(admin, config.startupTimeout(), signal) || signal.isRequested()) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(warnings);
        } finally {
            // Closed without waiting: after a stop, an unanswered request must not hold the exit up.
            admin.close(Duration.ZERO);
        }
    }

    /**
     * Once Kafka Streams is RUNNING, its internal topics exist: checks the ACLs on them that could not be
     * checked before they did (READ, WRITE, DESCRIBE_CONFIGS on the changelogs), so that a missing one fails
     * now rather than at the next restore or restart.
     *
     * @throws RunFailure {@link ExitCodes#NOT_AUTHORIZED} naming the first grant missing
     */
    void checkInternalTopics() {
        final Admin admin = StartupChecks.createAdmin(adminConfigs("-access-check"));
        try {
            access.checkInternalTopics(admin, config.startupTimeout(), signal);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /**
     * Applies {@link TopicRules}: warns one line each, refuses with one line (every refusal joined).
     *
     * @return the number of warnings
     */
    private int judge(final Map<String, TopicFacts> facts) {
        final TopicRules.Verdict verdict = TopicRules.judge(facts.get("input"), facts.get("state"), facts.get("dead-letter"),
                TopicRules.maxRequestSize(config.streamsProperties()));
        verdict.warnings().forEach(warning -> LOG.warn("Start-up check: {}", warning));
        if (!verdict.refusals().isEmpty()) {
            throw new RunFailure(ExitCodes.TOPIC_UNFIT, String.join("; ", verdict.refusals()));
        }
        return verdict.warnings().size();
    }

    /** Input, state and dead-letter topics, which must all exist (Kafka Streams creates only internal ones). */
    private Map<String, String> topics() {
        final Map<String, String> topics = new LinkedHashMap<>();
        topics.put("input", config.inputTopic());
        topics.put("state", config.stateTopic());
        topics.put("dead-letter", config.dlqTopic());
        return topics;
    }

    private Map<String, Object> adminConfigs(final String clientIdSuffix) {
        return ClientSettings.admin(config, config.originals().get(StreamsConfig.APPLICATION_ID_CONFIG) + clientIdSuffix);
    }
}
