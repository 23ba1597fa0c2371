package com.useroffers.offers.security;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The command line of {@code acls.sh}: {@code --bootstrap-server HOST:PORT --command-config FILE
 * --principal User:NAME --for COMMAND [--application-id ID] [--input-topic N] [--state-topic N]
 * [--dlq-topic N] [--input-keyed-by-user true|false] [--dry-run]}; the defaults are the shipped ones.
 */
record AclsArguments(String bootstrapServer, Path commandConfig, String principal, AclCommand command,
                     AclPlan.Names names, boolean dryRun) {

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z][A-Za-z0-9]*:\\S+");
    private static final Pattern APPLICATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    /** @throws IllegalArgumentException one line: what is wrong */
    static AclsArguments parse(final String[] args) {
        String bootstrap = null;
        Path commandConfig = null;
        String principal = null;
        AclCommand command = null;
        String applicationId = "user-offers-processor";
        String input = "user-offers";
        String state = "user-offer-state";
        String dlq = "user-offers-dlq";
        boolean keyedByUser = true;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            final String option = args[i];
            if (option.equals("--dry-run")) {
                dryRun = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(isKnown(option) ? option + " needs a value" : "unknown option " + option);
            }
            final String value = args[++i];
            switch (option) {
                case "--bootstrap-server" -> bootstrap = value;
                case "--command-config" -> commandConfig = Path.of(value);
                case "--principal" -> principal = matching(PRINCIPAL, value, "--principal must be TYPE:NAME, e.g. User:user-offers");
                case "--for" -> {
                    command = AclCommand.named(value);
                    if (command == null) {
                        throw new IllegalArgumentException("--for must be run, reset, produce, redrive, topics or ingest, not '" + value + "'");
                    }
                }
                case "--application-id" -> applicationId = matching(APPLICATION_ID, value, "'" + value + "' is not a valid application id");
                case "--input-topic" -> input = topic(value);
                case "--state-topic" -> state = topic(value);
                case "--dlq-topic" -> dlq = topic(value);
                case "--input-keyed-by-user" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException("--input-keyed-by-user must be true or false, not '" + value + "'");
                    }
                    keyedByUser = Boolean.parseBoolean(value);
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (principal == null || command == null) {
            throw new IllegalArgumentException("--principal and --for are required");
        }
        if (!dryRun && (bootstrap == null || commandConfig == null)) {
            throw new IllegalArgumentException("--bootstrap-server and --command-config are required (or --dry-run)");
        }
        return new AclsArguments(bootstrap, commandConfig, principal, command,
                new AclPlan.Names(applicationId, input, state, dlq, keyedByUser), dryRun);
    }

    private static boolean isKnown(final String option) {
        return switch (option) {
            case "--bootstrap-server", "--command-config", "--principal", "--for", "--application-id", "--input-topic",
                 "--state-topic", "--dlq-topic", "--input-keyed-by-user" -> true;
            default -> false;
        };
    }

    private static String topic(final String name) {
        return matching(TOPIC, name, "'" + name + "' is not a valid topic name (letters, digits, '.', '_', '-')");
    }

    private static String matching(final Pattern pattern, final String value, final String otherwise) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(otherwise);
        }
        return value;
    }
}
