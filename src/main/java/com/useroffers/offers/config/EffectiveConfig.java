package com.useroffers.offers.config;

import com.useroffers.offers.config.OffersConfig;
import com.useroffers.offers.config.Secrets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective configuration as logged once at start: every setting given (defaults, file,
 * environment, {@code --property}) plus the application's own {@code offers.*} settings with their
 * defaults, sorted by key, each secret masked by {@link Secrets}. A pure function, so that "no secret
 * is ever logged" can be tested without a logger.
 */
public final class EffectiveConfig {

    private EffectiveConfig() {
    }

    public static String describe(final OffersConfig config) {
        final Map<String, String> settings = new TreeMap<>();
        config.values().forEach((key, value) -> settings.put(key, String.valueOf(value)));
        config.originals().forEach((key, value) -> settings.put(key, String.valueOf(value)));
        return describe(settings);
    }

    /** One {@code key = value} line per setting, secrets masked. */
    public static String describe(final Map<String, String> settings) {
        final StringBuilder text = new StringBuilder("Effective configuration (secrets masked):");
        Secrets.masked(new TreeMap<>(settings))
                .forEach((key, value) -> text.append(System.lineSeparator()).append("    ").append(key).append(" = ").append(value));
        return text.toString();
    }
}
