package org.keyrelay.karaf;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.keyrelay.camel.GatewayTuning;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.SettingValues;

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
 * upstream.*, ingress.*, ...                        # the gateway's tuning: GatewayTuning, without its keyrelay. prefix
 * </pre>
 */
record KarafSettings(GatewaySettings gateway, GatewayTuning tuning) {

    static final String PID = "org.keyrelay";

    /**
     * @param config the configuration's properties (absent keys take their default)
     * @param etc    Karaf's etc folder ({@code karaf.etc})
     * @param data   Karaf's data folder ({@code karaf.data})
     * @throws IllegalArgumentException naming the file, the setting, the bad value and what is allowed
     */
    static KarafSettings from(Map<String, ?> config, Path etc, Path data) {
        SettingValues values = SettingValues.of("etc/" + PID + ".cfg", "",
                key -> Optional.ofNullable(config.get(key)).map(Object::toString));
        String host = values.text("host", "127.0.0.1");
        int port = values.port("port", 8080);
        Path keyring = Path.of(values.text("keyring", etc.resolve("keyrelay/keyring.yaml").toString()));
        Path routes = Path.of(values.text("routes", etc.resolve("keyrelay/routes").toString()));
        Path stateDir = Path.of(values.text("state-dir", data.resolve("keyrelay").toString()));
        // the admin API (management host and port) is not part of the Karaf runtime
        return new KarafSettings(new GatewaySettings(keyring, host, port, stateDir, routes, values.list("client-tokens")),
                GatewayTuning.from(values));
    }
}
