package com.useroffers.offers.config;

import java.time.Duration;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The validators that more than one command's settings share ({@link OffersConfig}, {@link IngestConfig}),
 * so that a duration or a token means the same in every setting that takes one.
 */
final class Validators {

    private Validators() {
    }

    /** Every duration setting is read by {@link Durations}, here and in its accessor: positive, e.g. P7D or PT30S. */
    static void positiveDuration(final String name, final Object value) {
        final Duration duration;
        try {
            duration = Durations.parse(String.valueOf(value));
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new ConfigException(name, value, "must be a positive duration, e.g. P7D, P1W or PT30S");
        }
    }

    /**
     * Every {@code *.auth-token}: a token goes into a header as it is, so visible ASCII only (RFC 7230 field
     * values), and no client has to guess how spaces or other characters travel. Unset means no token is
     * needed; set but empty is a mistake (an empty variable from a missing secret, say), never "off".
     */
    static void authToken(final String name, final Object value) {
        if (value == null) {
            return;
        }
        final String token = ((Password) value).value();
        if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ConfigException(name, Secrets.MASK, "must be visible ASCII without spaces, e.g. the output of "
                    + "'openssl rand -hex 32'; leave it unset for no token");
        }
    }
}
