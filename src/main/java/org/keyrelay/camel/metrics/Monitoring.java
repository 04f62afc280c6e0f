package org.keyrelay.camel.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.keyrelay.Gateway;
import org.keyrelay.Provider;
import org.keyrelay.camel.ManagementReply;

/**
 * What routes/monitoring.camel.yaml answers on the management port, without the admin token: {@link #metrics} (the
 * Prometheus scrape) and {@link #health}.
 * <p>
 * Health is UP when the Camel context and every route run and every provider that has keys has a usable one
 * ({@link ProviderHealth}); otherwise DOWN (503), with the reason for each provider (and for the routes) that is down.
 */
public final class Monitoring {

    /** Prometheus' text exposition format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrometheusMeterRegistry registry;
    private final KeyrelayMeters meters;
    private final Gateway gateway;
    private final CamelContext camel;

    public Monitoring(PrometheusMeterRegistry registry, KeyrelayMeters meters, Gateway gateway, CamelContext camel) {
        this.registry = registry;
        this.meters = meters;
        this.gateway = gateway;
        this.camel = camel;
    }

    /** {@code GET /metrics}: every meter of the registry (keyrelay's and Camel's) in Prometheus' text format. */
    public void metrics(Exchange exchange) {
        meters.refresh();
        ManagementReply.start(exchange, 200, PROMETHEUS_TEXT).setBody(registry.scrape());
    }

    /** {@code GET /health}: 200 {"status":"UP"}, or 503 {"status":"DOWN", "providers": {p: {status, reason}}}. */
    public void health(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> report = report();
        ManagementReply.start(exchange, "UP".equals(report.get("status")) ? 200 : 503, "application/json")
                .setBody(JSON.writeValueAsString(report) + "\n");
    }

    /** The health report: {"status":"UP"} alone when up; else the status and what is down, with why. */
    public Map<String, Object> report() {
        Instant now = gateway.clock().instant();
        Map<String, Object> down = new LinkedHashMap<>();
        String routes = routesDown();
        if (routes != null) {
            down.put("routes", Map.of("status", "DOWN", "reason", routes));
        }
        Map<String, Object> providers = new LinkedHashMap<>();
        for (Provider p : gateway.providers().values()) {
            ProviderHealth health = ProviderHealth.of(p.pool());
            if (!health.isUp()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("status", "DOWN");
                entry.put("reason", health.reason(now));
                if (health.firstBack() != null) {
                    entry.put("back", health.firstBack().toString());
                }
                providers.put(p.id(), entry);
            }
        }
        if (!providers.isEmpty()) {
            down.put("providers", providers);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", down.isEmpty() ? "UP" : "DOWN");
        report.putAll(down);
        return report;
    }

    /** Why the routes are not all running, or null when they are. */
    private String routesDown() {
        if (!camel.isStarted()) {
            return "the Camel context is " + camel.getStatus();
        }
        List<Route> routes = camel.getRoutes();
        if (routes.isEmpty()) {
            return "no routes are loaded";
        }
        for (Route route : routes) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            if (status != ServiceStatus.Started) {
                return "route " + route.getRouteId() + " is " + (status == null ? "gone" : status.name().toLowerCase(Locale.ROOT));
            }
        }
        return null;
    }
}
