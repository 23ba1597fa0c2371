package com.useroffers.offers.cli;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.failure.Causes;
import com.useroffers.offers.failure.ExitCodes;
import com.useroffers.offers.failure.FaultWording;
import com.useroffers.offers.failure.RunFailure;
import com.useroffers.offers.runtime.KafkaCall;
import com.useroffers.offers.security.AccessCheck;
import com.useroffers.offers.security.AclCommand;
import com.useroffers.offers.security.AclPlan;
import com.useroffers.offers.security.AclTable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code acls}: create, with the Admin API, the least-privilege ACLs of {@link AclPlan} that one command
 * needs, for one principal, and print them as a table; {@code --dry-run} only prints them.
 */
@Command(name = "acls", sortOptions = false,
        description = {"Create the least-privilege ACLs that one command needs, for one principal.", "",
            "Creates the ACLs that one command needs (and no more) for PRINCIPAL, and prints them as a table "
                + "(resource type, pattern type, name, operations, principal, why). Creating an ACL that exists already "
                + "changes nothing, so it can run again. The names default to the configuration's (--config, "
                + "USER_OFFERS_*, --property); the options below go over them.", ""},
        exitCodeList = {
            "0:the ACLs exist (created now or before), or --dry-run",
            "1:Kafka refused the request for another cause",
            ExitCodeLines.USAGE, ExitCodeLines.NO_BROKER,
            "6:Kafka refused the credentials of --command-config",
            "7:not authorized: --command-config's principal may not create ACLs (ALTER on the cluster)",
            "10:stopped by SIGTERM/SIGINT before the ACLs were created: run it again"})
public final class AclsCommand extends SignalledCommand {

    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z][A-Za-z0-9]*:\\S+");
    private static final Pattern APPLICATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    @Mixin
    private KafkaToolOptions kafka;

    @Option(names = "--principal", required = true, paramLabel = "User:NAME",
            description = "Who gets the ACLs: the principal the command runs as.")
    private String principal;

    @Option(names = "--for", required = true, paramLabel = "COMMAND",
            description = "run, reset, produce, redrive, topics, ingest or copy-input.")
    private String command;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Default: application.id (user-offers-processor). Internal topics and transactional ids are "
                    + "prefixed \"ID-\"; redrive's group and transactional id are \"ID-redrive\".")
    private String applicationId;

    @Option(names = "--input-keyed-by-user", paramLabel = "BOOL",
            description = "Default: offers.input.keyed-by-user (true); false adds what the repartition topic needs "
                    + "(DELETE on the internal prefix, for run).")
    private String inputKeyedByUser;

    @Option(names = "--dry-run", description = "Print the table, create nothing.")
    private boolean dryRun;

    @Option(names = "--to-topic", paramLabel = "TOPIC",
            description = "For copy-input, and only for it: the topic it copies into.")
    private String toTopic;

    @Override
    public Integer call() {
        final AclCommand forCommand = AclCommand.named(command);
        if (forCommand == null) {
            throw usage("--for must be run, reset, produce, redrive, topics, ingest or copy-input, not '" + command + "'");
        }
        if ((forCommand == AclCommand.COPY_INPUT) != (toTopic != null)) {
            throw usage(toTopic == null ? "--for copy-input needs --to-topic, the topic it copies into"
                    : "--to-topic goes with --for copy-input only");
        }
        if (!PRINCIPAL.matcher(principal).matches()) {
            throw usage("--principal must be TYPE:NAME, e.g. User:user-offers");
        }
        if (applicationId != null && !APPLICATION_ID.matcher(applicationId).matches()) {
            throw usage("'" + applicationId + "' is not a valid application id");
        }
        if (inputKeyedByUser != null && !inputKeyedByUser.equals("true") && !inputKeyedByUser.equals("false")) {
            throw usage("--input-keyed-by-user must be true or false, not '" + inputKeyedByUser + "'");
        }
        final OffersConfig config = kafka.load();
        final AclPlan.Names names = new AclPlan.Names(
                applicationId == null ? config.streamsProperties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG) : applicationId,
                kafka.inputTopic(config), kafka.stateTopic(config), kafka.dlqTopic(config),
                inputKeyedByUser == null ? config.inputKeyedByUser() : Boolean.parseBoolean(inputKeyedByUser),
                toTopic == null ? null : kafka.topic("--to-topic", toTopic));
        final PrintWriter out = out();
        final List<AclPlan.Grant> grants = AclPlan.grants(forCommand, names);
        out.print(AclTable.of(grants, principal));
        if (dryRun) {
            out.println("dry run: nothing created (" + grants.size() + " ACLs for " + principal + ")");
            out.flush();
            return ExitCodes.OK;
        }
        out.flush();
        final Map<String, Object> settings = kafka.adminSettings(config, "user-offers-acls");
        create(settings, AclPlan.bindings(forCommand, names, principal), config.startupTimeout());
        out.println("created " + grants.size() + " ACLs for " + principal + " (" + forCommand.cliName() + ")");
        out.flush();
        return ExitCodes.OK;
    }

    private void create(final Map<String, Object> settings, final List<AclBinding> bindings, final Duration timeout) {
        final String servers = KafkaToolOptions.bootstrap(settings);
        // The wait is bounded by offers.startup.timeout (KafkaCall); a call still pending after it ended is dropped.
        final Admin admin = Admin.create(settings);
        try {
            KafkaCall.within(timeout, stopSignal()).get(admin.createAcls(bindings).all(), new FaultWording() {
                @Override
                public String refusedCredentials(final Throwable cause) {
                    return "Kafka refused the credentials of --command-config: " + Causes.rootMessage(cause);
                }

                @Override
                public String notAuthorized(final Throwable cause) {
                    // Not the broker's message: for CreateAcls it is a dump of the request (connection ids, objects).
                    return "not authorized to create ACLs (ALTER on the cluster) as " + AccessCheck.principalOf(settings)
                            + ": use an admin's --command-config (Kafka: " + cause.getClass().getSimpleName() + ")";
                }

                @Override
                public String noAnswer(final Throwable cause) {
                    return "no Kafka broker answered at " + servers + " within " + timeout.toSeconds() + " s";
                }

                @Override
                public String failed(final Throwable cause) {
                    return "creating the ACLs failed: " + cause;
                }
            });
        } catch (final KafkaCall.Stopped stopped) {
            throw new RunFailure(ExitCodes.STOPPED, "stopped by SIGTERM/SIGINT before the ACLs were created: run acls again");
        } finally {
            admin.close(Duration.ZERO);
        }
    }
}
