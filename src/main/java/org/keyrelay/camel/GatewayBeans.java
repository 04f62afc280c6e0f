package org.keyrelay.camel;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.keyrelay.Gateway;
import org.keyrelay.relay.UpstreamProxies;

/**
 * Camel Main's side of {@link GatewayAssembly#bindGateway}: the beans the routes name, built once from the
 * {@link Gateway} (bound as {@code gateway} before Camel starts, with {@code upstreamProxies} from the environment)
 * and the settings of application.properties ({@link GatewayTuning}). A
 * {@link RotationListener} bound before (the metrics) hears the key selection's rotations.
 */
public class GatewayBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Gateway gateway = camelContext.getRegistry().lookupByNameAndType("gateway", Gateway.class);
        UpstreamProxies proxies = camelContext.getRegistry().lookupByNameAndType("upstreamProxies", UpstreamProxies.class);
        GatewayAssembly.bindGateway(camelContext, gateway, GatewayTuning.of(camelContext),
                proxies == null ? UpstreamProxies.NONE : proxies);
    }
}
