package org.keyrelay.camel;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.servlet.ServletComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.keyrelay.Gateway;
import org.keyrelay.admin.AdminToken;
import org.keyrelay.admin.GatewayEndpoint;
import org.keyrelay.admin.KeyAdmin;
import org.keyrelay.admin.KeyTransfer;
import org.keyrelay.config.GatewaySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management side, bound once: the management server (Jetty with Camel's servlet transport, bound as
 * {@code managementServer} so other configurations can {@link ManagementServer#addContext add web contexts} before
 * Camel starts), the beans routes/admin.camel.yaml names ({@code adminAccess}, {@code adminApi}), the key pools'
 * JMX MBeans ({@link GatewayAssembly#bindKeyPools}). Expects {@code gateway} and {@code adminToken} in the registry.
 * <p>
 * The management port is taken while Camel starts, before the ingress listens (a busy port still stops the gateway
 * there, with the same message); Jetty, the admin API, metrics, health and the console start on it once Camel has
 * fully started, so the first proxied request does not wait for them. {@code CamelContext.start()} returns only after
 * that, so whoever started the gateway finds the management port serving.
 */
public class ManagementBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementBeans.class);
    private static final AtomicInteger SERVLETS = new AtomicInteger();

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Registry registry = camelContext.getRegistry();
        Gateway gateway = registry.lookupByNameAndType("gateway", Gateway.class);
        AdminToken token = registry.lookupByNameAndType("adminToken", AdminToken.class);
        KeyAdmin admin = GatewayAssembly.bindKeyPools(camelContext, gateway);
        registry.bind("adminAccess", TokenAccess.admin(token));
        registry.bind("adminApi", new AdminApi(admin, new KeyTransfer(gateway)));

        // one servlet name per application, so two gateways in one JVM (tests) never share Camel's servlet registry
        String servletName = "KeyrelayServlet-" + SERVLETS.incrementAndGet();
        camelContext.getComponent("servlet", ServletComponent.class).setServletName(servletName);
        GatewaySettings settings = gateway.settings();
        ManagementServer server = new ManagementServer(settings.managementHost(), settings.managementPort(), servletName,
                () -> gateway.keyring().browsers());
        registry.bind("managementServer", server);
        Lifecycle lifecycle = new Lifecycle(server, gateway, token);
        camelContext.addService(lifecycle, true, true);
        camelContext.addStartupListener(lifecycle);
    }

    /**
     * Takes the management port when Camel starts; starts the management server once Camel has fully started (the
     * ingress listening), then says where it is (log, management.json); the reverse at stop.
     */
    private static final class Lifecycle extends ServiceSupport implements StartupListener {
        private final ManagementServer server;
        private final Gateway gateway;
        private final AdminToken token;
        private GatewayEndpoint endpoint;

        Lifecycle(ManagementServer server, Gateway gateway, AdminToken token) {
            this.server = server;
            this.gateway = gateway;
            this.token = token;
        }

        @Override
        protected void doStart() {
            server.bind();
        }

        @Override
        public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            // the routes are not started yet: the management server waits for onCamelContextFullyStarted
        }

        @Override
        public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
            if (!isStarted() || server.isServing()) {
                return;
            }
            server.start();
            endpoint = new GatewayEndpoint(server.url(), ProcessHandle.current().pid());
            endpoint.write(gateway.settings().stateDir());
            LOG.info("Admin API on {}/admin/..., token {}", server.url(), token.file()
                    .map(f -> "in " + f + " (or set " + AdminToken.ENV + ")").orElse("from " + AdminToken.ENV));
            if (!gateway.settings().isManagementLoopback()) {
                LOG.warn("The admin API listens on {}, beyond this machine, over plain HTTP: its token can be read on"
                        + " the network. Prefer --management-host 127.0.0.1 and an SSH tunnel.", server.host());
            }
        }

        @Override
        protected void doStop() throws Exception {
            if (endpoint != null) {
                endpoint.remove(gateway.settings().stateDir());
                endpoint = null;
            }
            server.stop();
            server.unbind();
        }
    }
}
