package com.useroffers.offers.cli;

import static com.useroffers.offers.cli.CommandLineTest.assertUsageError;
import static com.useroffers.offers.cli.CommandLineTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.useroffers.offers.security.AclCommand;
import com.useroffers.offers.security.AclPlan;
import com.useroffers.offers.runtime.ShutdownSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code acls} (and so {@code acls.sh}) does without a broker: {@code --dry-run} prints the plan
 * for the configuration's names or the options' ones, and a usage mistake exits 2 with its cause
 * first. ({@code it/SecuredClusterIT} creates the ACLs on a secured cluster.)
 */
class AclsCommandTest {

    @Test
    void shouldPrintThePlanOfTheConfigurationsNamesOnADryRun() {
        // When
        final CommandLineTest.Result result = execute("acls", "--dry-run", "--principal", "User:svc", "--for", "run",
                "--property", "application.id=app-1", "--property", "offers.input.topic=in-1");

        // Then
        final AclPlan.Names names = new AclPlan.Names("app-1", "in-1", "user-offer-state", "user-offers-dlq", true);
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.out()).contains("app-1-", "in-1", "User:svc")
                .endsWith("dry run: nothing created (" + AclPlan.grants(AclCommand.RUN, names).size() + " ACLs for User:svc)\n");
    }

    @Test
    void shouldLetTheOptionsGoOverTheConfigurationsNames() {
        // When
        final CommandLineTest.Result result = execute("acls", "--dry-run", "--principal", "User:svc", "--for", "redrive",
                "--property", "application.id=app-1", "--application-id", "app-2");

        // Then
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.out()).contains("app-2-redrive").doesNotContain("app-1");
    }

    @Test
    void shouldPlanCopyInputsGrantsOnTheTopicItCopiesInto() {
        // When
        final CommandLineTest.Result result = execute("acls", "--dry-run", "--principal", "User:svc", "--for", "copy-input",
                "--to-topic", "user-offers-v2", "--property", "application.id=app-1");

        // Then
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.out()).contains("user-offers-v2", "app-1-copy-input").endsWith("dry run: nothing created (4 ACLs for User:svc)\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--for run                                      | Missing required option: '--principal=User:NAME'",
        "--principal svc --for run                      | --principal must be TYPE:NAME, e.g. User:user-offers",
        "--principal User:svc --for everything          | --for must be run, reset, produce, redrive, topics, ingest or copy-input, not 'everything'",
        "--principal User:svc --for copy-input          | --for copy-input needs --to-topic, the topic it copies into",
        "--principal User:svc --for run --to-topic in-v2 | --to-topic goes with --for copy-input only",
        "--principal User:svc --for copy-input --to-topic a/b | --to-topic: 'a/b' is not a valid topic name (letters, digits, '.', '_', '-')",
        "--principal User:svc --for run --input-keyed-by-user yes | --input-keyed-by-user must be true or false, not 'yes'",
        "--principal User:svc --for run --application-id a/b      | 'a/b' is not a valid application id",
        "--principal User:svc --for run --dlq-topic a:b | --dlq-topic: 'a:b' is not a valid topic name (letters, digits, '.', '_', '-')",
    })
    void shouldRefuseAUsageMistakeWithItsCauseFirstAndExitTwo(final String args, final String line) {
        assertUsageError("acls --dry-run " + args, line);
    }

    @Test
    void shouldExitFiveWithOneLineWhenNoBrokerAnswers() {
        // When: nothing listens on the port
        final CommandLineTest.Result result = execute("acls", "--principal", "User:svc", "--for", "run",
                "--bootstrap-server", "127.0.0.1:1", "--property", "offers.startup.timeout=PT1S");

        // Then: the table was printed, then one line on stderr
        assertThat(result.exitCode()).as("%s", result).isEqualTo(5);
        assertThat(result.out()).contains("User:svc");
        assertThat(result.errLines()).containsExactly("user-offers-streams: no Kafka broker answered at 127.0.0.1:1 within 1 s");
    }

    @Test
    void shouldExitTenWhenStoppedBeforeTheAclsWereCreated() {
        // Given: a stop already requested
        final ShutdownSignal stop = ShutdownSignal.manual();
        stop.request("test");

        // When
        final CommandLineTest.Result result = CommandLineTest.execute(InProcess.commandLine(stop, System.out),
                "acls", "--principal", "User:svc", "--for", "run", "--bootstrap-server", "127.0.0.1:1");

        // Then
        assertThat(result.exitCode()).as("%s", result).isEqualTo(10);
        assertThat(result.errLines()).containsExactly(
                "user-offers-streams: stopped by SIGTERM/SIGINT before the ACLs were created: run acls again");
    }
}
