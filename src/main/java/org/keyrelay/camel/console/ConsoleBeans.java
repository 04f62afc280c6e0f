package org.keyrelay.camel.console;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.keyrelay.Gateway;
import org.keyrelay.admin.AdminToken;
import org.keyrelay.camel.GatewayTuning;
import org.keyrelay.camel.ManagementServer;
import org.keyrelay.config.GatewaySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hawtio console at /hawtio on the management server ({@code managementServer}, bound by ManagementBeans: configure
 * this after it). On a loopback management host it opens without a login, unless
 * {@code keyrelay.console.login-on-loopback=true}; on any other host it always asks for user admin and the admin token.
 * {@code keyrelay.console.enabled=false} leaves it out. The console starts at its first request, so the gateway
 * starts as fast without it.
 */
public class ConsoleBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleBeans.class);

    /** Off loopback always; on loopback when asked for. */
    public static boolean needsLogin(GatewaySettings settings, boolean loginOnLoopback) {
        return loginOnLoopback || !settings.isManagementLoopback();
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        GatewayTuning tuning = GatewayTuning.of(camelContext);
        if (!tuning.consoleEnabled()) {
            LOG.info("Console (Hawtio) off: keyrelay.console.enabled=false");
            return;
        }
        Registry registry = camelContext.getRegistry();
        Gateway gateway = registry.lookupByNameAndType("gateway", Gateway.class);
        AdminToken token = registry.lookupByNameAndType("adminToken", AdminToken.class);
        ManagementServer server = registry.lookupByNameAndType("managementServer", ManagementServer.class);
        boolean login = needsLogin(gateway.settings(), tuning.consoleLoginOnLoopback());
        server.addContext(() -> new StartOnFirstRequest(HawtioConsole.PATH, () -> HawtioConsole.context(login, token)));
        camelContext.addService(new ServiceSupport() {
            @Override
            protected void doStart() {
                LOG.info("Console (Hawtio) on {}{}/, {}", server.url(), HawtioConsole.PATH, login
                        ? "login: user " + AdminLoginModule.USER + ", password the admin token"
                        : "no login (loopback)");
            }
        }, true, true);
    }
}
