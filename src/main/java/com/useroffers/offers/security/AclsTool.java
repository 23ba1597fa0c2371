package com.useroffers.offers.security;

import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * What {@code acls.sh} runs (from the fat jar, as {@code topics.sh} runs Kafka's TopicCommand): creates,
 * with the Admin API, the ACLs of {@link AclPlan} for one command and principal, or with
 * {@code --dry-run} only prints them. Every failure is one line on stderr, {@code acls.sh: <cause>}, and an
 * exit code: 1 the tool failed, 2 usage, 5 no broker, 6 credentials refused, 7 not authorized (the
 * command config's principal may not create ACLs: ALTER on the cluster).
 */
public final class AclsTool {

    /** How long the broker has to answer each request. */
    static final int TIMEOUT_SECONDS = 30;

    private final PrintStream out;
    private final PrintStream err;

    AclsTool(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args) {
        System.exit(new AclsTool(System.out, System.err).run(args));
    }

    int run(final String[] args) {
        final AclsArguments arguments;
        try {
            arguments = AclsArguments.parse(args);
        } catch (final IllegalArgumentException e) {
            return fail(ExitCodes.USAGE, e.getMessage() + " (see ./acls.sh --help)");
        }
        final List<AclPlan.Grant> grants = AclPlan.grants(arguments.command(), arguments.names());
        out.print(AclTable.of(grants, arguments.principal()));
        if (arguments.dryRun()) {
            out.println("dry run: nothing created (" + grants.size() + " ACLs for " + arguments.principal() + ")");
            return ExitCodes.OK;
        }
        final Properties settings;
        try {
            settings = load(arguments.commandConfig());
        } catch (final IOException e) {
            return fail(ExitCodes.USAGE, "cannot read --command-config " + arguments.commandConfig() + ": " + e.getMessage());
        }
        settings.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, arguments.bootstrapServer());
        settings.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_SECONDS * 1000));
        try (Admin admin = Admin.create(settings)) {
            admin.createAcls(AclPlan.bindings(arguments.command(), arguments.names(), arguments.principal()))
                    .all().get(TIMEOUT_SECONDS + 5L, TimeUnit.SECONDS);
        } catch (final ExecutionException | RuntimeException e) {
            return failure(e instanceof ExecutionException ? e.getCause() : e, arguments.bootstrapServer(), settings);
        } catch (final TimeoutException e) {
            return fail(ExitCodes.NO_BROKER, "no Kafka broker answered at " + arguments.bootstrapServer()
                    + " within " + TIMEOUT_SECONDS + " s");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(ExitCodes.FAILED, "interrupted");
        }
        out.println("created " + grants.size() + " ACLs for " + arguments.principal() + " (" + arguments.command().cliName() + ")");
        return ExitCodes.OK;
    }

    private int failure(final Throwable cause, final String servers, final Properties settings) {
        if (cause instanceof AuthenticationException) {
            return fail(ExitCodes.AUTHENTICATION_FAILED, "Kafka refused the credentials of --command-config: "
                    + Causes.rootMessage(cause));
        }
        if (cause instanceof AuthorizationException) {
            // Not the broker's message: for CreateAcls it is a dump of the request (connection ids, objects).
            final Map<String, Object> clientSettings = new HashMap<>();
            settings.stringPropertyNames().forEach(key -> clientSettings.put(key, settings.getProperty(key)));
            return fail(ExitCodes.NOT_AUTHORIZED, "not authorized to create ACLs (ALTER on the cluster) as "
                    + AccessCheck.principalOf(clientSettings) + ": use an admin's --command-config (Kafka: "
                    + cause.getClass().getSimpleName() + ")");
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return fail(ExitCodes.NO_BROKER, "no Kafka broker answered at " + servers + " within " + TIMEOUT_SECONDS + " s");
        }
        return fail(ExitCodes.FAILED, "creating the ACLs failed: " + cause);
    }

    private int fail(final int code, final String message) {
        err.println("acls.sh: " + message);
        return code;
    }

    private static Properties load(final Path file) throws IOException {
        final Properties properties = new Properties();
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        return properties;
    }
}
