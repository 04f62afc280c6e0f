package org.keyrelay.camel.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.spi.Registry;
import org.keyrelay.Gateway;

/**
 * Metrics and health, bound once in Java so a route reload keeps them: the Prometheus registry (bound as
 * {@code metricsRegistry}, the name camel-micrometer looks for; one already bound there is used), Camel's route
 * metrics on it (a MicrometerRoutePolicyFactory: no second HTTP server), the keyrelay meters (also the
 * {@link org.keyrelay.camel.RotationListener} the key selection tells), and {@code monitoring}, the bean
 * routes/monitoring.camel.yaml names. Expects {@code gateway} in the registry; configure it before GatewayBeans.
 */
public class MetricsBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Registry registry = camelContext.getRegistry();
        Gateway gateway = registry.lookupByNameAndType("gateway", Gateway.class);
        PrometheusMeterRegistry meterRegistry = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                PrometheusMeterRegistry.class);
        if (meterRegistry == null) {
            meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meterRegistry);
        }
        MicrometerRoutePolicyFactory routeMetrics = new MicrometerRoutePolicyFactory();
        routeMetrics.setMeterRegistry(meterRegistry);
        // per route only: the context-wide set would time every request a second time (the ingress route's
        // meters already count the client requests), at a cost on each exchange
        MicrometerRoutePolicyConfiguration perRoute = new MicrometerRoutePolicyConfiguration();
        perRoute.setContextEnabled(false);
        routeMetrics.setPolicyConfiguration(perRoute);
        routeMetrics.setCamelContext(camelContext);
        camelContext.addRoutePolicyFactory(routeMetrics);

        KeyrelayMeters meters = new KeyrelayMeters(meterRegistry, gateway).bind();
        registry.bind("keyrelayMeters", meters);
        registry.bind("monitoring", new Monitoring(meterRegistry, meters, gateway, camelContext));
    }
}
