package org.keyrelay.camel;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
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
        camelContext.addService(new Lifecycle(server, gateway, token), true, true);
    }

    /** Starts the management server, then says where it is (log, management.json); the reverse at stop. */
    private static final class Lifecycle extends ServiceSupport {
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
        protected void doStart() throws Exception {
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
            }
            server.stop();
        }
    }
}
