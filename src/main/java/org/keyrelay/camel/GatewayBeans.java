package org.keyrelay.camel;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.keyrelay.Gateway;
import org.keyrelay.config.Durations;
import org.keyrelay.relay.UpstreamProxies;

/**
 * Camel Main's side of {@link GatewayAssembly#bindGateway}: the beans the routes name, built once from the
 * {@link Gateway} (bound as {@code gateway} before Camel starts, with {@code upstreamProxies} from the environment)
 * and the settings of application.properties. A
 * {@link RotationListener} bound before (the metrics) hears the key selection's rotations.
 */
public class GatewayBeans implements CamelConfiguration {

    @PropertyInject(value = "keyrelay.upstream.connect-timeout", defaultValue = "10s")
    private String connectTimeout;

    @PropertyInject(value = "keyrelay.upstream.response-timeout", defaultValue = "300s")
    private String responseTimeout;

    /** No longer used (the relay runs on the ingress event loops); still accepted. */
    @PropertyInject(value = "keyrelay.relay.threads", defaultValue = "4")
    private int relayThreads;

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Gateway gateway = camelContext.getRegistry().lookupByNameAndType("gateway", Gateway.class);
        UpstreamProxies proxies = camelContext.getRegistry().lookupByNameAndType("upstreamProxies", UpstreamProxies.class);
        GatewayAssembly.bindGateway(camelContext, gateway, new GatewayAssembly.RelaySettings(
                Durations.parse(connectTimeout), Durations.parse(responseTimeout), relayThreads),
                proxies == null ? UpstreamProxies.NONE : proxies);
    }
}
