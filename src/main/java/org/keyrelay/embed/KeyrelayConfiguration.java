package org.keyrelay.embed;

import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.keyrelay.Gateway;
import org.keyrelay.KeyringReloader;
import org.keyrelay.camel.GatewayAssembly;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.KeyringFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyrelay in a Camel application of one's own: puts the gateway's beans into the application's CamelContext, from
 * the application's {@code keyrelay.*} properties ({@link EmbeddedSettings}). Camel Main runs it when named in
 * {@code camel.main.configuration-classes}; Spring Boot through {@code KeyrelayAutoConfiguration}. The application
 * loads the routes as it loads its own: {@code classpath:keyrelay/routes/*.camel.yaml} (the gateway's routes in this jar) or
 * copies of them in its routes folder.
 * <p>
 * What it binds: the beans routes/gateway.camel.yaml and routes/errors.camel.yaml name ({@link GatewayAssembly}), the
 * key pools' JMX MBeans, the keyring watcher (when the keyring is a file), the placeholders the routes read
 * ({@code keyrelay.host}, {@code keyrelay.port}, the ingress buffer; the application's own values win), and
 * {@link EmbeddedMonitoring} (health check and meters in the application's registries). No admin API, console or
 * metrics endpoint of its own: the application's management server is the one.
 */
public class KeyrelayConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KeyrelayConfiguration.class);

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Map<String, String> env = System.getenv();
        PropertiesComponent properties = camelContext.getPropertiesComponent();
        EmbeddedSettings settings = EmbeddedSettings.from(properties::resolveProperty, env);
        GatewaySettings gatewaySettings = settings.gateway();
        Keyring keyring = keyring(gatewaySettings, env);
        Gateway gateway = GatewayAssembly.openGateway(gatewaySettings, keyring, Clock.systemUTC());
        try {
            GatewayAssembly.routeProperties(gatewaySettings, keyring).forEach(properties::addInitialProperty);
            EmbeddedMonitoring monitoring = new EmbeddedMonitoring(camelContext, gateway);
            camelContext.getRegistry().bind("keyrelayMonitoring", monitoring);
            GatewayAssembly.bindGateway(camelContext, gateway, settings.tuning());
            GatewayAssembly.bindKeyPools(camelContext, gateway);
            GatewayAssembly.addLiveReload(camelContext, Files.isRegularFile(keyring.source())
                    ? new KeyringReloader(gateway, keyring.source(), env) : null, null);
            camelContext.addService(monitoring, true, true);
        } catch (Exception | Error e) {
            gateway.close();
            throw e;
        }
    }

    private static Keyring keyring(GatewaySettings settings, Map<String, String> env) {
        if (!Files.isRegularFile(settings.keyring()) && settings.keyring().equals(KeyringFiles.DEFAULT)) {
            LOG.info("No {} here: using the built-in keyring (keys from environment variables)", settings.keyring());
        }
        return KeyringFiles.load(settings.keyring(), env);
    }
}
