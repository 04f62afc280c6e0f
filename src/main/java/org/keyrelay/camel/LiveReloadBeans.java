package org.keyrelay.camel;

import java.nio.file.Path;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.keyrelay.KeyringReloader;

/**
 * Camel Main's side of {@link GatewayAssembly#addLiveReload}: the keyring watcher ({@code keyringReloader} in the
 * registry, when the keyring is a file) and the guarded route watcher ({@code routesDirectory}, when routes come
 * from a directory).
 */
public class LiveReloadBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Registry registry = camelContext.getRegistry();
        GatewayAssembly.addLiveReload(camelContext,
                registry.lookupByNameAndType("keyringReloader", KeyringReloader.class),
                registry.lookupByNameAndType("routesDirectory", Path.class));
    }
}
