package org.keyrelay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.main.Main;
import org.keyrelay.admin.AdminToken;
import org.keyrelay.camel.GatewayAssembly;
import org.keyrelay.camel.GatewayBeans;
import org.keyrelay.camel.LiveReloadBeans;
import org.keyrelay.camel.ManagementBeans;
import org.keyrelay.camel.ModelsBeans;
import org.keyrelay.camel.console.ConsoleBeans;
import org.keyrelay.camel.events.EventStreamBeans;
import org.keyrelay.camel.events.KeyEventBeans;
import org.keyrelay.camel.metrics.MetricsBeans;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.KeyringFiles;
import org.keyrelay.relay.UpstreamProxies;
import org.keyrelay.store.KeyStateStore;
import org.keyrelay.store.redis.RedisKeyStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the standalone gateway together: settings, keyring and key state first (so a bad keyring fails before
 * anything listens), then a Camel Main with the YAML routes and the beans they name. The gateway itself is
 * assembled by {@link GatewayAssembly}, which the Karaf bundle's entry point shares; only Camel Main lives here.
 */
public final class KeyrelayApplication {

    private static final Logger LOG = LoggerFactory.getLogger(KeyrelayApplication.class);

    private KeyrelayApplication() {
    }

    public static Main create(GatewaySettings settings, Map<String, String> env, Clock clock) {
        Keyring keyring = loadKeyring(settings.keyring(), env);
        UpstreamProxies proxies;
        try {
            proxies = UpstreamProxies.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        // shared with other instances through Redis (--state redis://...): the file stays this instance's own copy
        Gateway gateway = GatewayAssembly.openGateway(settings, keyring, clock, own ->
                settings.sharedState().<KeyStateStore>map(redis ->
                        new RedisKeyStateStore(redis, instanceName(settings), own)).orElse(own));

        Main main = new Main(KeyrelayApplication.class);
        // the configurations are named here; package scanning would find and run each a second time
        main.configure().setBasePackageScanEnabled(false);
        // exchange ids are a counter: unique within the process, which is all they are used for here, and cheaper
        // per request than Camel's default random-based ids
        main.configure().setUuidGenerator("simple");
        main.configure().addConfiguration(MetricsBeans.class);
        main.configure().addConfiguration(KeyEventBeans.class);
        main.configure().addConfiguration(GatewayBeans.class);
        main.configure().addConfiguration(ManagementBeans.class);
        main.configure().addConfiguration(EventStreamBeans.class);
        main.configure().addConfiguration(ModelsBeans.class);
        main.configure().addConfiguration(ConsoleBeans.class);
        main.configure().addConfiguration(LiveReloadBeans.class);
        main.bind("gateway", gateway);
        main.bind("upstreamProxies", proxies);
        main.bind("adminToken", AdminToken.resolve(settings.stateDir(), env));
        if (Files.isRegularFile(keyring.source())) {
            main.bind("keyringReloader", new KeyringReloader(gateway, keyring.source(), env));
        }
        if (Files.isRegularFile(Path.of("config/application.properties"))) {
            main.setPropertyPlaceholderLocations("file:config/application.properties");
        }
        main.addOverrideProperty("camel.main.routes-include-pattern", routesPattern(settings.routes()));
        routesDirectory(settings.routes()).ifPresent(dir -> main.bind("routesDirectory", dir));
        GatewayAssembly.routeProperties(settings, keyring).forEach(main::addOverrideProperty);
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
        return Files.isDirectory(Path.of("routes")) ? "file:routes/*.camel.yaml"
                : BuiltInRoutes.includePattern(KeyrelayApplication.class.getClassLoader());
    }
}
