package com.useroffers.offers.failure;

/**
 * The process exit codes, so that an orchestrator (or a person) can tell "fix the settings" from
 * "Kafka is not there yet" from "the application failed".
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>0</td><td>done; for {@code run}: stopped by SIGTERM/SIGINT and closed cleanly</td></tr>
 *   <tr><td>1</td><td>Kafka Streams stopped on an error it could not recover from (client in ERROR),
 *       did not close within its timeout, or an unexpected failure</td></tr>
 *   <tr><td>2</td><td>usage: an unknown option, a bad setting, an unreadable config file</td></tr>
 *   <tr><td>3</td><td>cannot run against Kafka: no broker answers, credentials refused, not authorized,
 *       a topic missing</td></tr>
 *   <tr><td>4</td><td>{@code reset} refused: instances still running, or an unsupported group protocol;
 *       nothing was changed</td></tr>
 * </table>
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILED = 1;
    /** The same as picocli's {@code CommandLine.ExitCode.USAGE}. */
    public static final int USAGE = 2;
    public static final int KAFKA_UNAVAILABLE = 3;
    public static final int REFUSED = 4;

    private ExitCodes() {
    }
}
