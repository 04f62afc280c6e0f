package org.keyrelay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.main.Main;
import org.keyrelay.camel.GatewayBeans;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.KeyringException;
import org.keyrelay.config.KeyringParser;
import org.keyrelay.config.ProviderConfig;
import org.keyrelay.store.FileKeyStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the standalone gateway together: settings, keyring and key state first (so a bad keyring fails before
 * anything listens), then a Camel Main with the YAML routes and the beans they name.
 */
public final class KeyrelayApplication {

    private static final Logger LOG = LoggerFactory.getLogger(KeyrelayApplication.class);
    private static final Path DEFAULT_KEYRING = Path.of("config/keyring.yaml");

    private KeyrelayApplication() {
    }

    public static Main create(GatewaySettings settings, Map<String, String> env, Clock clock) {
        Keyring keyring = loadKeyring(settings.keyring(), env);
        keyring.warnings().forEach(w -> LOG.warn("Keyring {}: {}", keyring.source(), w));
        Gateway gateway = new Gateway(settings, keyring, new FileKeyStateStore(settings.stateDir(), clock), clock);
        describe(gateway);

        Main main = new Main(KeyrelayApplication.class);
        main.configure().addConfiguration(GatewayBeans.class);
        // GatewayBeans is added by name above; scanning org.keyrelay in the fat jar for more would only cost time
        // (about 0.4 s of CPU at every start, measured by bench/run's startup scenario)
        main.configure().setBasePackageScanEnabled(false);
        main.bind("gateway", gateway);
        if (Files.isRegularFile(Path.of("config/application.properties"))) {
            main.setPropertyPlaceholderLocations("file:config/application.properties");
        }
        main.addOverrideProperty("camel.main.routes-include-pattern", routesPattern(settings.routes()));
        main.addOverrideProperty("keyrelay.host", settings.host());
        main.addOverrideProperty("keyrelay.port", Integer.toString(settings.port()));
        main.addOverrideProperty("keyrelay.ingress.max-content-length",
                Long.toString(Math.min(Integer.MAX_VALUE, keyring.maxBodyBytes() * 2)));
        return main;
    }

    static Keyring loadKeyring(Path file, Map<String, String> env) {
        KeyringParser parser = new KeyringParser(env);
        if (Files.isRegularFile(file)) {
            return parser.parse(file);
        }
        if (!file.equals(DEFAULT_KEYRING)) {
            throw new KeyringException(file + ": no such keyring file (--keyring / KEYRELAY_KEYRING)");
        }
        try (InputStream in = KeyrelayApplication.class.getResourceAsStream("/keyring.yaml")) {
            if (in == null) {
                throw new KeyringException(file + ": no such keyring file, and no built-in one");
            }
            LOG.info("No {} here: using the built-in keyring (keys from environment variables)", file);
            return parser.parse(Path.of("classpath:keyring.yaml"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KeyringException("classpath:keyring.yaml: " + e.getMessage());
        }
    }

    private static String routesPattern(Path routes) {
        if (routes != null) {
            return "file:" + routes.toAbsolutePath() + "/*.camel.yaml";
        }
        return Files.isDirectory(Path.of("routes")) ? "file:routes/*.camel.yaml" : "classpath:routes/*.camel.yaml";
    }

    private static void describe(Gateway gateway) {
        GatewaySettings s = gateway.settings();
        LOG.info("Keyrelay gateway on http://{}:{}/<provider>/..., key state in {}", s.host(), s.port(), s.stateDir());
        for (Provider p : gateway.providers().values()) {
            ProviderConfig c = p.config();
            LOG.info("  /{}/ -> {} ({} keys, {}, auth {})", c.id(), c.upstream(), c.keys().size(),
                    c.strategy().configName(), c.auth().configName());
        }
        if (gateway.keyring().keyCount() == 0) {
            LOG.warn("No API keys configured yet. Add one: set an environment variable a provider names in envKeys "
                    + "(for example OLLAMA_API_KEY=...), or add `keys: [{id: main, secret: \"...\"}]` under a provider in {}, "
                    + "then restart.", gateway.keyring().source());
        }
        if (gateway.clientTokens().isEmpty()) {
            LOG.info("No client tokens configured: any local client may use the gateway (it listens on loopback)");
        }
    }
}
