package org.keyrelay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.main.Main;
import org.keyrelay.admin.AdminToken;
import org.keyrelay.camel.GatewayBeans;
import org.keyrelay.camel.LiveReloadBeans;
import org.keyrelay.camel.ManagementBeans;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.KeyringFiles;
import org.keyrelay.config.ProviderConfig;
import org.keyrelay.store.FileKeyStateStore;
import org.keyrelay.store.KeyStateStore;
import org.keyrelay.store.ManagedKeysFile;
import org.keyrelay.store.redis.RedisKeyStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the standalone gateway together: settings, keyring and key state first (so a bad keyring fails before
 * anything listens), then a Camel Main with the YAML routes and the beans they name.
 */
public final class KeyrelayApplication {

    private static final Logger LOG = LoggerFactory.getLogger(KeyrelayApplication.class);
    /** How long a starting gateway waits for a tool that is writing the key state. */
    private static final Duration STATE_LOCK_PATIENCE = Duration.ofSeconds(2);

    private KeyrelayApplication() {
    }

    public static Main create(GatewaySettings settings, Map<String, String> env, Clock clock) {
        Keyring keyring = loadKeyring(settings.keyring(), env);
        keyring.warnings().forEach(w -> LOG.warn("Keyring {}: {}", keyring.source(), w));
        // the store lock first: while this gateway runs, no other process writes its key state
        FileKeyStateStore file = FileKeyStateStore.owner(settings.stateDir(), clock, STATE_LOCK_PATIENCE);
        // shared with other instances through Redis (--state redis://...): the file stays this instance's own copy
        KeyStateStore store = settings.sharedState().<KeyStateStore>map(redis ->
                new RedisKeyStateStore(redis, instanceName(settings), file)).orElse(file);
        Gateway gateway;
        try {
            gateway = new Gateway(settings, keyring, store, new ManagedKeysFile(settings.stateDir()), clock);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        describe(gateway);

        Main main = new Main(KeyrelayApplication.class);
        // the configurations are named here; package scanning would find and run each a second time
        main.configure().setBasePackageScanEnabled(false);
        main.configure().addConfiguration(GatewayBeans.class);
        main.configure().addConfiguration(ManagementBeans.class);
        main.configure().addConfiguration(LiveReloadBeans.class);
        main.bind("gateway", gateway);
        main.bind("adminToken", AdminToken.resolve(settings.stateDir(), env));
        if (Files.isRegularFile(keyring.source())) {
            main.bind("keyringReloader", new KeyringReloader(gateway, keyring.source(), env));
        }
        if (Files.isRegularFile(Path.of("config/application.properties"))) {
            main.setPropertyPlaceholderLocations("file:config/application.properties");
        }
        main.addOverrideProperty("camel.main.routes-include-pattern", routesPattern(settings.routes()));
        routesDirectory(settings.routes()).ifPresent(dir -> main.bind("routesDirectory", dir));
        main.addOverrideProperty("keyrelay.host", settings.host());
        main.addOverrideProperty("keyrelay.port", Integer.toString(settings.port()));
        main.addOverrideProperty("keyrelay.ingress.max-content-length",
                Long.toString(Math.min(Integer.MAX_VALUE, keyring.maxBodyBytes() * 2)));
        return main;
    }

    /** How this instance is named to the others sharing its key state: host name and port. */
    private static String instanceName(GatewaySettings settings) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = settings.host();
        }
        return host + ":" + settings.port();
    }

    static Keyring loadKeyring(Path file, Map<String, String> env) {
        if (!Files.isRegularFile(file) && file.equals(KeyringFiles.DEFAULT)) {
            LOG.info("No {} here: using the built-in keyring (keys from environment variables)", file);
        }
        return KeyringFiles.load(file, env);
    }

    /** The directory the routes come from, watched for edits; empty for the built-in routes. */
    private static java.util.Optional<Path> routesDirectory(Path routes) {
        if (routes != null) {
            return java.util.Optional.of(routes.toAbsolutePath());
        }
        return Files.isDirectory(Path.of("routes")) ? java.util.Optional.of(Path.of("routes").toAbsolutePath())
                : java.util.Optional.empty();
    }

    private static String routesPattern(Path routes) {
        if (routes != null) {
            return "file:" + routes.toAbsolutePath() + "/*.camel.yaml";
        }
        return Files.isDirectory(Path.of("routes")) ? "file:routes/*.camel.yaml" : "classpath:routes/*.camel.yaml";
    }

    private static void describe(Gateway gateway) {
        GatewaySettings s = gateway.settings();
        LOG.info("Keyrelay gateway on http://{}:{}/<provider>/..., key state in {}{}", s.host(), s.port(), s.stateDir(),
                s.sharedState().map(r -> ", shared through " + r).orElse(""));
        for (Provider p : gateway.providers().values()) {
            ProviderConfig c = p.config();
            LOG.info("  /{}/ -> {} ({} keys, {}, auth {})", c.id(), c.upstream(), p.pool().size(),
                    p.pool().strategy().configName(), c.auth().configName());
        }
        if (gateway.providers().values().stream().allMatch(p -> p.pool().size() == 0)) {
            LOG.warn("No API keys configured yet. Add one: set an environment variable a provider names in envKeys "
                    + "(for example OLLAMA_API_KEY=...) and restart, add `keys: [{id: main, secret: \"...\"}]` under a "
                    + "provider in {} (applies live), or run `keyrelay keys add PROVIDER SECRET`.", gateway.keyring().source());
        }
        if (gateway.clientTokens().isEmpty()) {
            LOG.info("No client tokens configured: any local client may use the gateway (it listens on loopback)");
        }
    }
}
