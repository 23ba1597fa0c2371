package com.useroffers.offers.security;

import com.useroffers.offers.config.OffersConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The least-privilege ACLs of each command, the one source of truth that {@code acls.sh} creates and the
 * docs list: a pure function of the command and the names it uses. Each grant is one operation, so that
 * none implies another (Kafka lets READ, WRITE and DELETE imply DESCRIBE, and ALTER_CONFIGS imply
 * DESCRIBE_CONFIGS; a grant made redundant by one of them is left out).
 *
 * <p>Names that the application id determines are prefixed: the internal topics Kafka Streams creates
 * ({@code <application.id>-...-changelog}, {@code -repartition}) and its transactional ids
 * ({@code <application.id>-<processId>-<thread>} under exactly_once_v2). The application's own group and
 * the group and transactional id of redrive ({@code <application.id>-redrive}) and of copy-input
 * ({@code <application.id>-copy-input}) are literal.
 */
public final class AclPlan {

    /**
     * What the names come from: the application id, the three topics, whether a repartition topic exists,
     * and the topic {@code copy-input} writes to ({@code null} when none is named: only its grants need it).
     */
    public record Names(String applicationId, String inputTopic, String stateTopic, String dlqTopic,
                        boolean inputKeyedByUser, String copyTopic) {

        public Names(final String applicationId, final String inputTopic, final String stateTopic, final String dlqTopic,
                     final boolean inputKeyedByUser) {
            this(applicationId, inputTopic, stateTopic, dlqTopic, inputKeyedByUser, null);
        }

        /** The names an application's configuration gives. */
        public static Names of(final OffersConfig config) {
            return new Names(config.streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG), config.inputTopic(),
                    config.stateTopic(), config.dlqTopic(), config.inputKeyedByUser());
        }

        /** The redrive's consumer group and transactional id: {@code <application.id>-redrive}. */
        public String redriveGroupId() {
            return applicationId + "-redrive";
        }

        /** {@code copy-input}'s consumer group and transactional id: {@code <application.id>-copy-input}. */
        public String copyGroupId() {
            return applicationId + "-copy-input";
        }

        /** These names with {@code topic} as the one {@code copy-input} writes to. */
        public Names copyingTo(final String topic) {
            return new Names(applicationId, inputTopic, stateTopic, dlqTopic, inputKeyedByUser, topic);
        }
    }

    /** One ACL a command needs, and why: what fails without it. */
    public record Grant(ResourceType resourceType, PatternType patternType, String name, AclOperation operation,
                        String why) {

        /** This grant as an ALLOW binding for {@code principal} from any host. */
        public AclBinding binding(final String principal) {
            return new AclBinding(new ResourcePattern(resourceType, name, patternType),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
        }
    }

    private AclPlan() {
    }

    /** The ACLs {@code command} needs, as bindings for {@code principal} (e.g. {@code User:app}). */
    public static List<AclBinding> bindings(final AclCommand command, final Names names, final String principal) {
        return grants(command, names).stream().map(grant -> grant.binding(principal)).toList();
    }

    /** The ACLs {@code command} needs, in the order the docs list them. */
    public static List<Grant> grants(final AclCommand command, final Names names) {
        final List<Grant> grants = new ArrayList<>();
        final String internal = names.applicationId() + "-";
        switch (command) {
            case RUN -> {
                topic(grants, names.inputTopic(), AclOperation.READ, "consume the input");
                topic(grants, names.inputTopic(), AclOperation.DESCRIBE_CONFIGS, "start-up check of the input's settings");
                topic(grants, names.stateTopic(), AclOperation.WRITE, "write user states");
                topic(grants, names.stateTopic(), AclOperation.DESCRIBE_CONFIGS, "start-up check: the state topic is compacted");
                topic(grants, names.dlqTopic(), AclOperation.WRITE, "write dead letters");
                topic(grants, names.dlqTopic(), AclOperation.DESCRIBE_CONFIGS, "start-up check: room for the largest dead letter");
                prefixedTopic(grants, internal, AclOperation.CREATE, "Kafka Streams creates its changelog"
                        + (names.inputKeyedByUser() ? "" : " and repartition") + " topics");
                prefixedTopic(grants, internal, AclOperation.READ, "restore the stores from the changelogs"
                        + (names.inputKeyedByUser() ? "" : "; consume the repartition topic"));
                prefixedTopic(grants, internal, AclOperation.WRITE, "write the changelogs"
                        + (names.inputKeyedByUser() ? "" : " and the repartition topic"));
                prefixedTopic(grants, internal, AclOperation.DESCRIBE_CONFIGS, "Kafka Streams validates existing internal topics");
                if (!names.inputKeyedByUser()) {
                    prefixedTopic(grants, internal, AclOperation.DELETE, "Kafka Streams purges consumed repartition records");
                }
                grants.add(new Grant(ResourceType.GROUP, PatternType.LITERAL, names.applicationId(), AclOperation.READ,
                        "join the application's consumer group, commit offsets in transactions"));
                grants.add(new Grant(ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED, internal, AclOperation.WRITE,
                        "exactly_once_v2 transactions (<application.id>-<processId>-<thread>)"));
            }
            case RESET -> {
                topic(grants, names.inputTopic(), AclOperation.READ, "find the earliest offsets; commit them for the group");
                grants.add(new Grant(ResourceType.GROUP, PatternType.LITERAL, names.applicationId(), AclOperation.READ,
                        "check that no instance runs; reset the group's input offsets"));
                prefixedTopic(grants, internal, AclOperation.DELETE, "delete the internal topics");
            }
            case PRODUCE, INGEST -> topic(grants, names.inputTopic(), AclOperation.WRITE,
                    "write events (idempotent producer: no cluster IDEMPOTENT_WRITE needed since Kafka 3.0)");
            case REDRIVE -> transactionalCopy(grants, names.dlqTopic(), "read the dead letters", names.inputTopic(),
                    "send dead letters back to the input", names.redriveGroupId(), "redrive");
            case COPY_INPUT -> {
                if (names.copyTopic() == null) {
                    throw new IllegalArgumentException("copy-input's ACLs need the topic it copies to");
                }
                transactionalCopy(grants, names.inputTopic(), "read the input to copy", names.copyTopic(), "write the copy",
                        names.copyGroupId(), "copy-input");
            }
            case TOPICS -> {
                for (final String topic : List.of(names.inputTopic(), names.stateTopic(), names.dlqTopic())) {
                    topic(grants, topic, AclOperation.CREATE, "create the topic");
                    topic(grants, topic, AclOperation.DESCRIBE, "find out whether it exists, its partitions and replicas");
                    topic(grants, topic, AclOperation.DESCRIBE_CONFIGS, "compare its settings with the contract's");
                }
            }
            default -> throw new IllegalArgumentException("no ACL plan for " + command);
        }
        return List.copyOf(grants);
    }

    /** A command that copies {@code from} into {@code to} exactly once, with {@code id} as its group and transactional id. */
    private static void transactionalCopy(final List<Grant> grants, final String from, final String readWhy, final String to,
                                          final String writeWhy, final String id, final String command) {
        topic(grants, from, AclOperation.READ, readWhy);
        topic(grants, to, AclOperation.WRITE, writeWhy);
        grants.add(new Grant(ResourceType.GROUP, PatternType.LITERAL, id, AclOperation.READ,
                command + "'s own progress, committed in its transactions"));
        grants.add(new Grant(ResourceType.TRANSACTIONAL_ID, PatternType.LITERAL, id, AclOperation.WRITE, command + "'s transactions"));
    }

    private static void topic(final List<Grant> grants, final String name, final AclOperation operation, final String why) {
        grants.add(new Grant(ResourceType.TOPIC, PatternType.LITERAL, name, operation, why));
    }

    private static void prefixedTopic(final List<Grant> grants, final String prefix, final AclOperation operation,
                                      final String why) {
        grants.add(new Grant(ResourceType.TOPIC, PatternType.PREFIXED, prefix, operation, why));
    }
}
