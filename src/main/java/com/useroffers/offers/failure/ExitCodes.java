package com.useroffers.offers.failure;

/**
 * The process exit codes, one per cause, so that an orchestrator (or a person) can tell "fix the
 * settings" from "Kafka is not there yet" from "the application failed". None is 3: that is the
 * JVM's own code for {@code -XX:+ExitOnOutOfMemoryError}, and an out-of-memory exit must not read as
 * anything else.
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>0</td><td>done; for {@code run}: stopped by SIGTERM/SIGINT and closed cleanly</td></tr>
 *   <tr><td>1</td><td>Kafka Streams stopped on an error it could not recover from (client in ERROR)
 *       other than those of 6, 7 and 8, did not close within its timeout, or an unexpected failure</td></tr>
 *   <tr><td>2</td><td>usage: an unknown option, a bad setting, an unreadable config file</td></tr>
 *   <tr><td>4</td><td>{@code reset} refused: instances still running, an unsupported group protocol,
 *       or an input whose history is no longer complete; {@code copy-input} refused a target that holds
 *       records; nothing was changed</td></tr>
 *   <tr><td>5</td><td>no broker answered within the start-up timeout</td></tr>
 *   <tr><td>6</td><td>Kafka refused the credentials</td></tr>
 *   <tr><td>7</td><td>not authorized: an ACL is missing</td></tr>
 *   <tr><td>8</td><td>a topic is missing</td></tr>
 *   <tr><td></td><td>(6, 7 and 8 come from the start-up checks, from {@code produce}, or from a Kafka
 *       Streams client that stopped on that fault after it started)</td></tr>
 *   <tr><td>9</td><td>a topic's settings cannot keep the contract (a state topic that is not exactly
 *       {@code compact}; a dead-letter topic, or the producer's {@code max.request.size}, below the input's
 *       {@code max.message.bytes} plus 64 KiB, too small for the largest dead letter)</td></tr>
 *   <tr><td>10</td><td>{@code reset}, {@code redrive}, {@code copy-input}, {@code topics} or {@code acls} stopped by SIGTERM/SIGINT before it was done: run it again</td></tr>
 * </table>
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILED = 1;
    /** The same as picocli's {@code CommandLine.ExitCode.USAGE}. */
    public static final int USAGE = 2;
    public static final int REFUSED = 4;
    public static final int NO_BROKER = 5;
    public static final int AUTHENTICATION_FAILED = 6;
    public static final int NOT_AUTHORIZED = 7;
    public static final int TOPIC_MISSING = 8;
    public static final int TOPIC_UNFIT = 9;
    /**
     * {@code reset} or {@code redrive} stopped by SIGTERM/SIGINT before it was done. Not 0, unlike a
     * stopped {@code run}: a script's {@code reset && run} must not start an instance on a half-done
     * reset, and a stopped redrive has not sent everything it selected.
     */
    public static final int STOPPED = 10;

    private ExitCodes() {
    }

    /** The code of a Kafka fault anywhere in {@code fault}'s cause chain, {@code otherwise} for anything else: see {@link KafkaFaults#exitCode}. */
    public static int forFault(final Throwable fault, final int otherwise) {
        return KafkaFaults.exitCode(fault, otherwise);
    }
}
