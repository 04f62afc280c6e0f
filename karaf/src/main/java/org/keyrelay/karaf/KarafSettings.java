package org.keyrelay.karaf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keyrelay.camel.GatewayAssembly.RelaySettings;
import org.keyrelay.config.Durations;
import org.keyrelay.config.GatewaySettings;

/**
 * The gateway's settings in Karaf, from the configuration {@code org.keyrelay} ({@code etc/org.keyrelay.cfg}); every
 * setting has a default, so the gateway also starts without the file:
 * <pre>
 * host = 127.0.0.1                                  # the ingress address (off loopback only with client tokens)
 * port = 8080
 * keyring = ${karaf.etc}/keyrelay/keyring.yaml      # missing: the built-in keyring (keys from environment variables)
 * routes = ${karaf.etc}/keyrelay/routes             # *.camel.yaml, reloaded on change; none: the built-in routes
 * state-dir = ${karaf.data}/keyrelay                # key state and operator-added keys
 * client-tokens =                                   # a,b: client access tokens besides the keyring's clients
 * upstream.connect-timeout = 10s
 * upstream.response-timeout = 300s
 * relay.threads = 4
 * </pre>
 */
record KarafSettings(GatewaySettings gateway, RelaySettings relay) {

    static final String PID = "org.keyrelay";

    /**
     * @param config the configuration's properties (absent keys take their default)
     * @param etc    Karaf's etc folder ({@code karaf.etc})
     * @param data   Karaf's data folder ({@code karaf.data})
     * @throws IllegalArgumentException naming the file, the setting, the bad value and what is allowed
     */
    static KarafSettings from(Map<String, ?> config, Path etc, Path data) {
        String host = text(config, "host", "127.0.0.1");
        int port = port(text(config, "port", "8080"));
        Path keyring = Path.of(text(config, "keyring", etc.resolve("keyrelay/keyring.yaml").toString()));
        Path routes = Path.of(text(config, "routes", etc.resolve("keyrelay/routes").toString()));
        Path stateDir = Path.of(text(config, "state-dir", data.resolve("keyrelay").toString()));
        List<String> tokens = new ArrayList<>();
        for (String t : text(config, "client-tokens", "").split(",")) {
            if (!t.isBlank()) {
                tokens.add(t.strip());
            }
        }
        RelaySettings relay = new RelaySettings(
                duration(config, "upstream.connect-timeout", RelaySettings.DEFAULTS.connectTimeout()),
                duration(config, "upstream.response-timeout", RelaySettings.DEFAULTS.responseTimeout()),
                threads(text(config, "relay.threads", Integer.toString(RelaySettings.DEFAULTS.threads()))));
        // the admin API (management host and port) is not part of the Karaf runtime
        return new KarafSettings(new GatewaySettings(keyring, host, port, stateDir, routes, tokens), relay);
    }

    private static String text(Map<String, ?> config, String key, String fallback) {
        Object value = config.get(key);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        return value.toString().strip();
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem("port", text, "a port (1-65535)");
    }

    private static int threads(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= 256) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem("relay.threads", text, "a whole number from 1 to 256");
    }

    private static Duration duration(Map<String, ?> config, String key, Duration fallback) {
        String text = text(config, key, null);
        if (text == null) {
            return fallback;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw problem(key, text, "a duration such as 10s, 5m or 1h");
        }
    }

    private static IllegalArgumentException problem(String key, String value, String allowed) {
        return new IllegalArgumentException("etc/" + PID + ".cfg: " + key + ": '" + value + "' is not " + allowed);
    }
}
