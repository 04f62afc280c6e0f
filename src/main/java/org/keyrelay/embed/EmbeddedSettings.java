package org.keyrelay.embed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.keyrelay.camel.GatewayAssembly.RelaySettings;
import org.keyrelay.config.Durations;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.KeyringFiles;

/**
 * The gateway's settings inside an application of its own, from that application's properties (Camel Main's
 * application.properties, Spring Boot's application.properties or environment); every one has a default:
 * <pre>
 * keyrelay.keyring = config/keyring.yaml       # missing: the built-in keyring (keys from environment variables)
 * keyrelay.host = 127.0.0.1                    # the ingress address (off loopback only with client tokens)
 * keyrelay.port = 8080                         # the ingress port
 * keyrelay.state-dir = ~/.local/state/keyrelay # key state and operator-added keys ($XDG_STATE_HOME/keyrelay)
 * keyrelay.client-tokens =                     # a,b: client access tokens besides the keyring's clients
 * keyrelay.upstream.connect-timeout = 10s
 * keyrelay.upstream.response-timeout = 300s
 * keyrelay.relay.threads = 4
 * </pre>
 */
public record EmbeddedSettings(GatewaySettings gateway, RelaySettings relay) {

    public static final String PREFIX = "keyrelay.";

    /**
     * @param properties the application's property of a name ({@code keyrelay.port}...), empty when it has none
     * @param env        the environment, for the default state dir ({@code XDG_STATE_HOME}, {@code HOME})
     * @throws IllegalArgumentException naming the property, the bad value and what is allowed
     */
    public static EmbeddedSettings from(Function<String, Optional<String>> properties, Map<String, String> env) {
        Function<String, Optional<String>> value = key -> properties.apply(PREFIX + key)
                .map(String::strip).filter(v -> !v.isEmpty());
        String host = value.apply("host").orElse("127.0.0.1");
        int port = whole(value, "port", 8080, 1, 65535, "a port (1-65535)");
        Path keyring = value.apply("keyring").map(Path::of).orElse(KeyringFiles.DEFAULT);
        Path stateDir = value.apply("state-dir").map(Path::of).orElseGet(() -> GatewaySettings.defaultStateDir(env));
        List<String> tokens = new ArrayList<>();
        for (String t : value.apply("client-tokens").orElse("").split(",")) {
            if (!t.isBlank()) {
                tokens.add(t.strip());
            }
        }
        RelaySettings relay = new RelaySettings(
                duration(value, "upstream.connect-timeout", RelaySettings.DEFAULTS.connectTimeout()),
                duration(value, "upstream.response-timeout", RelaySettings.DEFAULTS.responseTimeout()),
                whole(value, "relay.threads", RelaySettings.DEFAULTS.threads(), 1, 256, "a whole number from 1 to 256"));
        // no routes folder (the application loads the routes) and no admin API (the application's management serves)
        return new EmbeddedSettings(new GatewaySettings(keyring, host, port, stateDir, null, tokens), relay);
    }

    private static int whole(Function<String, Optional<String>> value, String key, int fallback, int min, int max,
                             String allowed) {
        Optional<String> text = value.apply(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem(key, text.get(), allowed);
    }

    private static Duration duration(Function<String, Optional<String>> value, String key, Duration fallback) {
        Optional<String> text = value.apply(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Durations.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw problem(key, text.get(), "a duration such as 10s, 5m or 1h");
        }
    }

    private static IllegalArgumentException problem(String key, String value, String allowed) {
        return new IllegalArgumentException(PREFIX + key + ": '" + value + "' is not " + allowed);
    }
}
