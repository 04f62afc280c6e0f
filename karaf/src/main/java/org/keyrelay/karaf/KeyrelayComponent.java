package org.keyrelay.karaf;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.karaf.core.OsgiCamelContextPublisher;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.keyrelay.Gateway;
import org.keyrelay.KeyringReloader;
import org.keyrelay.camel.GatewayAssembly;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.KeyringFiles;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyrelay in Karaf: a Declarative Services component that runs the gateway in its own CamelContext while the
 * bundle is active, configured by {@code etc/org.keyrelay.cfg} ({@link KarafSettings}; an edit restarts it, a bad
 * value is refused).
 * Everything but this package is shared with the standalone jar: {@link GatewayAssembly} binds the beans, the YAML
 * routes are the same files. Here the routes come from {@code etc/keyrelay/routes/} (reloaded on change) or, when
 * that folder holds none, from the bundle; key state goes to {@code ${karaf.data}/keyrelay}.
 */
@Component(name = KarafSettings.PID, configurationPid = KarafSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
public final class KeyrelayComponent {

    private static final Logger LOG = LoggerFactory.getLogger(KeyrelayComponent.class);
    private static final List<String> BUILT_IN_ROUTES = List.of("routes/errors.camel.yaml", "routes/gateway.camel.yaml");

    private BundleContext bundleContext;
    private KarafSettings settings;
    private CamelContext camelContext;

    @Activate
    void activate(BundleContext bundleContext, Map<String, ?> config) throws Exception {
        this.bundleContext = bundleContext;
        try {
            settings = settings(config);
            camelContext = start(settings);
        } catch (Exception | Error e) {
            LOG.error("Keyrelay did not start: {}", e.getMessage());
            throw e;
        }
    }

    /**
     * A changed etc/org.keyrelay.cfg: checked first (a bad value is refused and the gateway keeps running as it was),
     * then the gateway restarts with it; if it cannot start so, it starts again with the settings it had.
     */
    @Modified
    void modified(Map<String, ?> config) {
        KarafSettings next;
        try {
            next = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Settings change refused: {}. The gateway keeps running with the settings it had.", e.getMessage());
            return;
        }
        if (next.equals(settings)) {
            return;
        }
        deactivate();
        try {
            camelContext = start(next);
            settings = next;
            LOG.info("Keyrelay restarted with the new settings of etc/{}.cfg", KarafSettings.PID);
        } catch (Exception e) {
            LOG.error("The new settings do not start the gateway ({}): starting it again with the settings it had",
                    e.getMessage());
            try {
                camelContext = start(settings);
            } catch (Exception again) {
                LOG.error("Keyrelay did not start again either: {}", again.getMessage());
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (camelContext != null) {
            camelContext.stop();
            camelContext = null;
        }
    }

    private static KarafSettings settings(Map<String, ?> config) {
        return KarafSettings.from(config, folder("karaf.etc", "etc"), folder("karaf.data", "data"));
    }

    /** The gateway for these settings: its domain, then its CamelContext with the beans and the routes, started. */
    private CamelContext start(KarafSettings settings) throws Exception {
        Map<String, String> env = System.getenv();
        Path keyringFile = settings.gateway().keyring();
        Keyring keyring;
        if (Files.isRegularFile(keyringFile)) {
            keyring = KeyringFiles.load(keyringFile, env);
        } else {
            LOG.info("No {}: using the built-in keyring (keys from environment variables)", keyringFile);
            keyring = KeyringFiles.builtIn(env);
        }
        Gateway gateway = GatewayAssembly.openGateway(settings.gateway(), keyring, Clock.systemUTC());

        OsgiDefaultCamelContext context = new OsgiDefaultCamelContext(bundleContext);
        try {
            context.getCamelContextExtension().setName("keyrelay");
            context.setStreamCaching(false);
            context.getShutdownStrategy().setTimeout(10);
            Properties placeholders = new Properties();
            placeholders.putAll(GatewayAssembly.routeProperties(settings.gateway(), keyring));
            context.getPropertiesComponent().setInitialProperties(placeholders);
            context.getManagementStrategy().addEventNotifier(new OsgiCamelContextPublisher(bundleContext));

            GatewayAssembly.bindGateway(context, gateway, settings.tuning());
            GatewayAssembly.bindKeyPools(context, gateway);
            Path routesDir = settings.gateway().routes();
            List<String> routeFiles = routeFiles(routesDir);
            GatewayAssembly.addLiveReload(context,
                    Files.isRegularFile(keyringFile) ? new KeyringReloader(gateway, keyringFile, env) : null,
                    routeFiles.isEmpty() ? null : routesDir);
            loadRoutes(context, routesDir, routeFiles);
            context.start();
            return context;
        } catch (Exception | Error e) {
            context.stop();
            gateway.close();
            throw e;
        }
    }

    private static void loadRoutes(CamelContext context, Path dir, List<String> files) throws Exception {
        List<Resource> resources = new ArrayList<>();
        if (files.isEmpty()) {
            LOG.info("No *.camel.yaml in {}: using the built-in routes", dir);
            for (String name : BUILT_IN_ROUTES) {
                resources.add(PluginHelper.getResourceLoader(context).resolveResource("classpath:" + name));
            }
        } else {
            LOG.info("Routes from {}: {}", dir, String.join(", ", files));
            for (String file : files) {
                resources.add(PluginHelper.getResourceLoader(context).resolveResource("file:" + dir.resolve(file)));
            }
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(resources);
    }

    private static List<String> routeFiles(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.camel.yaml")) {
                files.forEach(f -> names.add(f.getFileName().toString()));
            }
        }
        names.sort(null);
        return names;
    }

    private static Path folder(String property, String fallback) {
        String value = System.getProperty(property);
        return Path.of(value == null || value.isBlank() ? fallback : value);
    }
}
