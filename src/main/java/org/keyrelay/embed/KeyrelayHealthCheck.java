package org.keyrelay.embed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.keyrelay.Gateway;
import org.keyrelay.Provider;
import org.keyrelay.camel.metrics.ProviderHealth;

/**
 * The providers' health as a Camel health check ({@code keyrelay}), so an application's own health endpoint shows
 * it: Spring Boot's actuator (through camel-spring-boot), Camel Main's {@code /observe/health}. DOWN when a provider
 * that has keys has none usable now, by {@link ProviderHealth}'s rule (the one the standalone {@code /health}
 * follows); one detail per provider. A readiness check only: a pool out of keys is no reason to restart the
 * application.
 */
public final class KeyrelayHealthCheck extends AbstractHealthCheck {

    public static final String ID = "keyrelay";

    private final Gateway gateway;

    public KeyrelayHealthCheck(Gateway gateway) {
        super("keyrelay", ID);
        this.gateway = gateway;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant now = gateway.clock().instant();
        List<String> down = new ArrayList<>();
        for (Provider p : gateway.providers().values()) {
            ProviderHealth health = ProviderHealth.of(p.pool());
            if (health.isUp()) {
                builder.detail("provider." + p.id(), "UP: " + health.usable() + " of " + health.keys() + " keys usable");
            } else {
                String reason = health.reason(now);
                builder.detail("provider." + p.id(), "DOWN: " + reason);
                down.add(p.id() + " (" + reason + ")");
            }
        }
        if (down.isEmpty()) {
            builder.up();
        } else {
            builder.message("no usable key: " + String.join("; ", down)).down();
        }
    }
}
