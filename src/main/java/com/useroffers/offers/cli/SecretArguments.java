package com.useroffers.offers.cli;

import com.useroffers.offers.config.ConfigLoader;
import com.useroffers.offers.config.Secrets;
import java.util.List;
import java.util.Map;

/**
 * Secrets given with {@code --property}: they work, but a command line is no place for them, since
 * any user of the machine can read it ({@code ps}, {@code /proc/<pid>/cmdline}), and shell history
 * keeps it. So each gets a warning that names the key, never the value, and says where to put it.
 */
final class SecretArguments {

    private SecretArguments() {
    }

    /** One warning line per secret key in {@code properties}, in the order given. */
    static List<String> warnings(final Map<String, String> properties) {
        return properties.keySet().stream().filter(Secrets::isSecret).map(SecretArguments::warning).toList();
    }

    private static String warning(final String key) {
        final String env = ConfigLoader.envForKey(key);
        return "warning: --property " + key + " puts a secret on the command line, where other users of this machine "
                + "can read it (ps); put it in the --config file" + (env == null ? "" : " or in " + env);
    }
}
