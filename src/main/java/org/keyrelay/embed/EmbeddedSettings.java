package org.keyrelay.embed;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.keyrelay.camel.GatewayTuning;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.KeyringFiles;
import org.keyrelay.config.SettingValues;

/**
 * The gateway's settings inside an application of its own, from that application's properties (Camel Main's
 * application.properties, Spring Boot's application.properties or environment); every one has a default:
 * <pre>
 * keyrelay.keyring = config/keyring.yaml       # missing: the built-in keyring (keys from environment variables)
 * keyrelay.host = 127.0.0.1                    # the ingress address (off loopback only with client tokens)
 * keyrelay.port = 8080                         # the ingress port
 * keyrelay.state-dir = ~/.local/state/keyrelay # key state and operator-added keys ($XDG_STATE_HOME/keyrelay)
 * keyrelay.client-tokens =                     # a,b: client access tokens besides the keyring's clients
 * keyrelay.upstream.*, keyrelay.ingress.*, ... # the gateway's tuning: {@link GatewayTuning}
 * </pre>
 */
public record EmbeddedSettings(GatewaySettings gateway, GatewayTuning tuning) {

    public static final String PREFIX = "keyrelay.";

    /**
     * @param properties the application's property of a name ({@code keyrelay.port}...), empty when it has none
     * @param env        the environment, for the default state dir ({@code XDG_STATE_HOME}, {@code HOME})
     * @throws IllegalArgumentException naming the property, the bad value and what is allowed
     */
    public static EmbeddedSettings from(Function<String, Optional<String>> properties, Map<String, String> env) {
        SettingValues values = SettingValues.of(null, PREFIX, properties);
        String host = values.text("host", "127.0.0.1");
        int port = values.port("port", 8080);
        Path keyring = values.text("keyring").map(Path::of).orElse(KeyringFiles.DEFAULT);
        Path stateDir = values.text("state-dir").map(Path::of).orElseGet(() -> GatewaySettings.defaultStateDir(env));
        // no routes folder (the application loads the routes) and no admin API (the application's management serves)
        return new EmbeddedSettings(new GatewaySettings(keyring, host, port, stateDir, null, values.list("client-tokens")),
                GatewayTuning.from(values));
    }
}
