package org.keyrelay.embed;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.keyrelay.Gateway;
import org.keyrelay.camel.RotationListener;
import org.keyrelay.camel.metrics.KeyrelayMeters;
import org.keyrelay.failure.FailureClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyrelay's health and meters in the embedding application's own monitoring, joined when the CamelContext starts
 * (by then the application has made its meter and health registries): the {@link KeyrelayHealthCheck} in Camel's
 * health registry, the {@link KeyrelayMeters} in the application's Micrometer registry (the one Camel finds: bound as
 * {@code metricsRegistry}, else the only one; Spring Boot's, or Camel Main's with {@code camel.metrics.enabled}).
 * Bound before the gateway's beans, it is the {@link RotationListener} the key selection tells.
 */
final class EmbeddedMonitoring extends ServiceSupport implements RotationListener {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMonitoring.class);

    private final CamelContext camelContext;
    private final Gateway gateway;
    private volatile KeyrelayMeters meters;

    EmbeddedMonitoring(CamelContext camelContext, Gateway gateway) {
        this.camelContext = camelContext;
        this.gateway = gateway;
    }

    @Override
    protected void doStart() {
        HealthCheckRegistry health = HealthCheckRegistry.get(camelContext);
        if (health == null) {
            LOG.info("No Camel health registry (camel-health): Keyrelay's health check is left out");
        } else if (health.getCheck(KeyrelayHealthCheck.ID).isEmpty()) {
            health.register(new KeyrelayHealthCheck(gateway));
        }
        MeterRegistry registry = MicrometerUtils.getMeterRegistryFromCamelRegistry(camelContext.getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME);
        if (registry == null) {
            LOG.info("No Micrometer registry in the application: Keyrelay's meters are left out");
        } else if (meters == null) {
            meters = new KeyrelayMeters(registry, gateway).bind();
        }
    }

    @Override
    public void rotated(String provider, FailureClass reason) {
        KeyrelayMeters m = meters;
        if (m != null) {
            m.rotated(provider, reason);
        }
    }
}
