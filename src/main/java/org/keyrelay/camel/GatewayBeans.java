package org.keyrelay.camel;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.keyrelay.Gateway;
import org.keyrelay.config.Durations;

/**
 * Binds the beans the routes name, built once from the {@link Gateway} (bound as {@code gateway} before Camel
 * starts) and the settings of application.properties. A {@link RotationListener} bound before (the metrics) hears
 * the key selection's rotations.
 */
public class GatewayBeans implements CamelConfiguration {

    @PropertyInject(value = "keyrelay.upstream.connect-timeout", defaultValue = "10s")
    private String connectTimeout;

    @PropertyInject(value = "keyrelay.upstream.response-timeout", defaultValue = "300s")
    private String responseTimeout;

    @PropertyInject(value = "keyrelay.relay.threads", defaultValue = "4")
    private int relayThreads;

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Registry registry = camelContext.getRegistry();
        Gateway gateway = registry.lookupByNameAndType("gateway", Gateway.class);
        UpstreamRelay relay = new UpstreamRelay(gateway.classifier(), Durations.parse(connectTimeout),
                Durations.parse(responseTimeout), relayThreads);
        registry.bind("requestIntake", new RequestIntake(gateway));
        registry.bind("clientAccess", new ClientAccess(gateway));
        RotationListener rotations = registry.findSingleByType(RotationListener.class);
        registry.bind("keySelection", new KeySelection(rotations == null ? RotationListener.NONE : rotations));
        registry.bind("upstreamRelay", relay);
        Rotation rotation = new Rotation(gateway.clock());
        registry.bind("rotation", rotation);
        registry.bind("coolFailedKey", (Processor) rotation::coolFailedKey);
        registry.bind("answers", new GatewayAnswers(gateway.clock()));
        registry.bind("gatewayBinding", new GatewayHttpBinding());
        camelContext.addService(relay, true);
        camelContext.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                gateway.close();
            }
        }, true);
    }
}
