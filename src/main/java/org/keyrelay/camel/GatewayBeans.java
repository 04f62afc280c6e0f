package org.keyrelay.camel;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.keyrelay.Gateway;
import org.keyrelay.config.Durations;
import org.keyrelay.relay.UpstreamProxies;
import org.keyrelay.config.IngressLimits;

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

    @PropertyInject(value = "keyrelay.ingress.idle-timeout", defaultValue = "60s")
    private String idleTimeout;

    @PropertyInject(value = "keyrelay.ingress.header-timeout", defaultValue = "30s")
    private String headerTimeout;

    @PropertyInject(value = "keyrelay.ingress.body-min-rate", defaultValue = "1024")
    private long bodyMinRate;

    @PropertyInject(value = "keyrelay.ingress.body-rate-window", defaultValue = "10s")
    private String bodyRateWindow;

    @PropertyInject(value = "keyrelay.ingress.max-connections", defaultValue = "2048")
    private int maxConnections;

    @PropertyInject(value = "keyrelay.ingress.max-buffered-bytes", defaultValue = "268435456")
    private long maxBufferedBytes;

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Gateway gateway = camelContext.getRegistry().lookupByNameAndType("gateway", Gateway.class);
        UpstreamProxies proxies = camelContext.getRegistry().lookupByNameAndType("upstreamProxies", UpstreamProxies.class);
        camelContext.getRegistry().bind("ingressGuards", new IngressGuards(gateway, new IngressLimits(
                Durations.parse(idleTimeout), Durations.parse(headerTimeout), bodyMinRate, Durations.parse(bodyRateWindow),
                maxConnections, maxBufferedBytes)));
        GatewayAssembly.bindGateway(camelContext, gateway, new GatewayAssembly.RelaySettings(
                Durations.parse(connectTimeout), Durations.parse(responseTimeout), relayThreads),
                proxies == null ? UpstreamProxies.NONE : proxies);
    }
}
