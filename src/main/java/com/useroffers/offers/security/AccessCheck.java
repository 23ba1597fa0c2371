package com.useroffers.offers.security;

import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.FaultWording;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.Awaited;
import com.useroffers.offers.runtime.KafkaCall;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Checks, before Kafka Streams starts, that the principal holds every ACL of {@link AclPlan} for
 * {@code run}, and refuses with exit 7 and one line naming the first one missing. Kafka Streams would
 * find most of them missing by itself, but late (some only at the next restore or restart, such as READ on
 * the changelogs), and say so with an exception that names neither the operation nor, for a transactional
 * id, the resource.
 *
 * <p>What the Admin API can tell without side effects: a topic's authorized operations
 * ({@code includeAuthorizedOperations}); CREATE on an internal topic not created yet (a validate-only
 * CreateTopics); a group's DESCRIBE (implied by READ, its only grant); a transactional id prefix's
 * DESCRIBE (implied by WRITE, its only grant) by describing an id under the prefix. An internal topic
 * that does not exist yet is checked again once Kafka Streams has created it ({@link #checkInternalTopics}).
 */
public final class AccessCheck {

    private static final Pattern USERNAME = Pattern.compile("\\busername\\s*=\\s*\"([^\"]*)\"");

    private final Admin admin;
    private final AclPlan.Names names;
    private final String principal;

    public AccessCheck(final Admin admin, final AclPlan.Names names, final String principal) {
        this.admin = admin;
        this.names = names;
        this.principal = principal;
    }

    /**
     * Every grant of {@code run}; internal topics ({@code <application.id>-...}) that exist by their
     * authorized operations, those that do not by CREATE only.
     *
     * @param call the deadline and the stop signal that every wait of the check shares
     * @return {@code false} when a stop was requested meanwhile
     * @throws RunFailure {@link ExitCodes#NOT_AUTHORIZED} naming the first grant missing
     */
    public boolean checkRun(final Collection<String> internalTopics, final KafkaCall call) {
        try {
            for (final AclPlan.Grant grant : AclPlan.grants(AclCommand.RUN, names)) {
                final boolean held = switch (grant.resourceType()) {
                    case TOPIC -> grant.patternType() == PatternType.LITERAL
                            ? topicAllows(grant.name(), grant.operation(), call)
                            : internalTopicsAllow(grant, internalTopics, true, call);
                    case GROUP -> groupDescribable(grant.name(), call);
                    case TRANSACTIONAL_ID -> transactionalIdDescribable(grant.name() + "access-check", call);
                    default -> true;
                };
                if (!held) {
                    throw denied(grant, null);
                }
            }
            return true;
        } catch (final KafkaCall.Stopped stopped) {
            return false;
        }
    }

    /**
     * The grants on internal topics, checked on the topics as they are now (after Kafka Streams created them).
     *
     * @return {@code false} when a stop was requested meanwhile
     * @throws RunFailure {@link ExitCodes#NOT_AUTHORIZED} naming the first grant missing
     */
    public boolean checkInternalTopics(final Collection<String> internalTopics, final KafkaCall call) {
        try {
            for (final AclPlan.Grant grant : AclPlan.grants(AclCommand.RUN, names)) {
                if (grant.resourceType() == ResourceType.TOPIC && grant.patternType() == PatternType.PREFIXED) {
                    internalTopicsAllow(grant, internalTopics, false, call);
                }
            }
            return true;
        } catch (final KafkaCall.Stopped stopped) {
            return false;
        }
    }

    /** The one line of a missing grant: operation, resource, principal, and how to grant it. */
    public static String deniedLine(final AclPlan.Grant grant, final String principal, final String topic) {
        return deniedLine(AclCommand.RUN, grant.operation().name(), grant.resourceType(), grant.patternType(), grant.name(),
                principal, topic);
    }

    /**
     * {@code not authorized: READ on topic 'user-offers' for User:app; grant it (./acls.sh --for run ...)}:
     * {@code operations} on the resource, {@code topic} the internal topic meant by a prefix (or {@code null}).
     */
    public static String deniedLine(final AclCommand command, final String operations, final ResourceType type,
                                    final PatternType pattern, final String name, final String principal, final String topic) {
        final boolean prefixed = pattern == PatternType.PREFIXED;
        final String resource = switch (type) {
            case TOPIC -> prefixed
                    ? "topics prefixed '" + name + "'" + (topic == null ? "" : " (internal topic '" + topic + "')")
                    : "topic '" + name + "'";
            case GROUP -> "group '" + name + "'";
            case TRANSACTIONAL_ID -> (prefixed ? "transactional ids prefixed '" : "transactional id '") + name + "'";
            default -> type.name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "'";
        };
        return "not authorized: " + operations + " on " + resource + " for " + principal + "; grant it (./acls.sh --for " + command.cliName()
                + " --principal " + principal + " ..., see docs/OPERATIONS.md)";
    }

    private RunFailure denied(final AclPlan.Grant grant, final String topic) {
        return new RunFailure(ExitCodes.NOT_AUTHORIZED, deniedLine(grant, principal, topic));
    }

    private boolean topicAllows(final String topic, final AclOperation operation, final KafkaCall call) {
        final Said said = new Said("describing topic '" + topic + "'", call.timeout());
        final Awaited<TopicDescription> described = call.await(describe(topic, call), said);
        if (described.status() == Awaited.Status.FAILED) {
            if (described.failure() instanceof AuthorizationException) {
                return false;
            }
            throw call.failure(described.failure(), said);
        }
        return allows(described.value().authorizedOperations(), operation);
    }

    /**
     * Every internal topic under the grant's prefix: one that exists by its authorized operations, one that
     * does not (only when {@code createMissing}) by a validate-only creation for CREATE.
     *
     * @return {@code true}
     * @throws RunFailure {@link ExitCodes#NOT_AUTHORIZED} naming the grant and the first topic it is missing on
     */
    private boolean internalTopicsAllow(final AclPlan.Grant grant, final Collection<String> internalTopics,
                                        final boolean createMissing, final KafkaCall call) {
        for (final String topic : internalTopics) {
            if (!topic.startsWith(grant.name())) {
                continue;
            }
            final Said said = new Said("describing topic '" + topic + "'", call.timeout());
            final Awaited<TopicDescription> described = call.await(describe(topic, call), said);
            final boolean held;
            if (described.status() == Awaited.Status.DONE) {
                held = allows(described.value().authorizedOperations(), grant.operation());
            } else if (described.failure() instanceof UnknownTopicOrPartitionException) {
                held = !createMissing || grant.operation() != AclOperation.CREATE || creatable(topic, call);
            } else if (described.failure() instanceof AuthorizationException) {
                held = false;
            } else {
                throw call.failure(described.failure(), said);
            }
            if (!held) {
                throw denied(grant, topic);
            }
        }
        return true;
    }

    private KafkaFuture<TopicDescription> describe(final String topic, final KafkaCall call) {
        return admin.describeTopics(List.of(topic),
                new DescribeTopicsOptions().includeAuthorizedOperations(true).timeoutMs(call.remainingMs()))
                .topicNameValues().get(topic);
    }

    /** Operations not reported (an old broker) are taken as held: Kafka Streams then finds out by itself. */
    private static boolean allows(final Set<AclOperation> authorized, final AclOperation operation) {
        return authorized == null || authorized.contains(operation);
    }

    private boolean creatable(final String topic, final KafkaCall call) {
        final Awaited<Void> created = call.await(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)),
                new CreateTopicsOptions().validateOnly(true).timeoutMs(call.remainingMs())).all(),
                new Said("creating topic '" + topic + "' (validate only)", call.timeout()));
        return !(created.failure() instanceof AuthorizationException);
    }

    /** DESCRIBE, implied by READ; any failure but a denial (e.g. no such group yet) says nothing against it. */
    private boolean groupDescribable(final String group, final KafkaCall call) {
        final Awaited<ConsumerGroupDescription> described = call.await(admin.describeConsumerGroups(Set.of(group),
                new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true).timeoutMs(call.remainingMs()))
                .describedGroups().get(group), new Said("describing group '" + group + "'", call.timeout()));
        if (described.status() == Awaited.Status.FAILED) {
            return !(described.failure() instanceof AuthorizationException);
        }
        final Set<AclOperation> authorized = described.value().authorizedOperations();
        return authorized == null || authorized.isEmpty() || authorized.contains(AclOperation.READ);
    }

    /** DESCRIBE, implied by WRITE; any failure but a denial (e.g. no such id) says nothing against it. */
    private boolean transactionalIdDescribable(final String transactionalId, final KafkaCall call) {
        final Awaited<?> described = call.await(admin.describeTransactions(List.of(transactionalId)).description(transactionalId),
                new Said("describing transactional id '" + transactionalId + "'", call.timeout()));
        return !(described.failure() instanceof AuthorizationException);
    }

    /** The check's words for a failed call: any fault but no answer is said as Kafka's own exception. */
    private record Said(String what, Duration timeout) implements FaultWording {

        @Override
        public String refusedCredentials(final Throwable cause) {
            return failed(cause);
        }

        @Override
        public String notAuthorized(final Throwable cause) {
            return failed(cause);
        }

        @Override
        public String noAnswer(final Throwable cause) {
            return "Kafka did not answer " + what + " within " + timeout;
        }

        @Override
        public String failed(final Throwable cause) {
            return what + " failed: " + cause;
        }
    }

    /**
     * The principal the client settings log in as, for the one line: {@code User:<username>} of a SASL
     * login module's options (SCRAM, PLAIN), otherwise a description. Never the password.
     */
    public static String principalOf(final Map<String, ?> clientSettings) {
        final Object jaas = clientSettings.get(SaslConfigs.SASL_JAAS_CONFIG);
        final String text = jaas instanceof Password password ? password.value() : jaas == null ? null : jaas.toString();
        if (text != null) {
            final Matcher username = USERNAME.matcher(text);
            if (username.find()) {
                return "User:" + username.group(1);
            }
        }
        return "the principal of these client settings";
    }
}
