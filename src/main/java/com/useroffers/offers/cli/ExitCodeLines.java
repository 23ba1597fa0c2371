package com.useroffers.offers.cli;

/**
 * The lines of the commands' {@code --help} exit-code lists that mean the same for every command
 * (picocli's {@code exitCodeList} needs constants), so that a code reads the same wherever it is listed;
 * the codes themselves are {@link com.useroffers.offers.failure.ExitCodes}.
 */
final class ExitCodeLines {

    static final String USAGE = "2:bad option or setting";
    static final String NO_BROKER = "5:no Kafka broker answered within offers.startup.timeout";
    static final String CREDENTIALS = "6:Kafka refused the credentials";
    static final String NOT_AUTHORIZED = "7:not authorized: an ACL is missing";

    private ExitCodeLines() {
    }
}
