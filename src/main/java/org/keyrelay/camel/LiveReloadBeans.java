package org.keyrelay.camel;

import java.nio.file.Path;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.keyrelay.KeyringReloader;

/**
 * Live reload, started and stopped with Camel: the keyring watcher ({@code keyringReloader} in the registry, when
 * the keyring is a file) and the guarded route watcher ({@code routesDirectory}, when routes come from a directory).
 */
public class LiveReloadBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Registry registry = camelContext.getRegistry();
        KeyringReloader reloader = registry.lookupByNameAndType("keyringReloader", KeyringReloader.class);
        if (reloader != null) {
            camelContext.addService(new ServiceSupport() {
                @Override
                protected void doStart() throws Exception {
                    reloader.start();
                }

                @Override
                protected void doStop() {
                    reloader.close();
                }
            }, true, true);
        }
        Path routes = registry.lookupByNameAndType("routesDirectory", Path.class);
        if (routes != null) {
            camelContext.addService(new GuardedRouteReload(routes), true, true);
        }
    }
}
