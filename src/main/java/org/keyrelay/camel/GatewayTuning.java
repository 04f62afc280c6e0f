package org.keyrelay.camel;

import java.time.Duration;
import org.apache.camel.CamelContext;
import org.keyrelay.camel.GatewayAssembly.RelaySettings;
import org.keyrelay.config.IngressLimits;
import org.keyrelay.config.SettingValues;
import org.keyrelay.relay.UpstreamTimeouts;

/**
 * The gateway's tuning, the same settings with the same defaults wherever it runs: under {@code keyrelay.} in the
 * jar's {@code config/application.properties} and in an embedding application's properties, without the prefix in
 * Karaf's {@code etc/org.keyrelay.cfg}. A bad value stops the gateway with an error naming the setting and the value.
 * <pre>
 * upstream.connect-timeout = 10s      # each provider's default (the keyring's timeouts win); 0: no limit
 * upstream.response-timeout = 300s
 * upstream.headers-timeout = 60s
 * upstream.idle-timeout = 120s
 * relay.threads = 4                   # still accepted, no longer used
 * ingress.idle-timeout = 60s          # IngressLimits
 * ingress.header-timeout = 30s
 * ingress.body-min-rate = 1024
 * ingress.body-rate-window = 10s
 * ingress.max-connections = 2048
 * ingress.max-buffered-bytes = 268435456
 * models.refresh-period = 1h
 * events.queue = 1000                 # key events an outlet holds while it is behind
 * events.retain = 100                 # key events a stream client that connects gets first
 * console.enabled = true
 * console.login-on-loopback = false
 * </pre>
 */
public record GatewayTuning(RelaySettings relay, IngressLimits ingress, Duration modelsRefreshPeriod, int eventsQueue,
                            int eventsRetain, boolean consoleEnabled, boolean consoleLoginOnLoopback) {

    /** The name {@link #of} binds the tuning under. */
    public static final String BEAN = "gatewayTuning";

    /** @throws IllegalArgumentException naming where, the setting and the bad value */
    public static GatewayTuning from(SettingValues values) {
        UpstreamTimeouts upstream = UpstreamTimeouts.DEFAULTS;
        IngressLimits ingress = IngressLimits.DEFAULTS;
        return new GatewayTuning(
                new RelaySettings(
                        values.duration("upstream.connect-timeout", upstream.connect()),
                        values.duration("upstream.response-timeout", upstream.response()),
                        values.whole("relay.threads", RelaySettings.DEFAULTS.threads(), 1, 256),
                        values.duration("upstream.headers-timeout", upstream.headers()),
                        values.duration("upstream.idle-timeout", upstream.idle())),
                new IngressLimits(
                        values.positiveDuration("ingress.idle-timeout", ingress.idleTimeout()),
                        values.positiveDuration("ingress.header-timeout", ingress.headerTimeout()),
                        values.wholeLong("ingress.body-min-rate", ingress.bodyMinRate(), 0),
                        values.positiveDuration("ingress.body-rate-window", ingress.bodyRateWindow()),
                        values.whole("ingress.max-connections", ingress.maxConnections(), 1),
                        values.wholeLong("ingress.max-buffered-bytes", ingress.maxBufferedBytes(), 1)),
                values.positiveDuration("models.refresh-period", Duration.ofHours(1)),
                values.whole("events.queue", 1000, 1),
                values.whole("events.retain", 100, 0),
                values.flag("console.enabled", true),
                values.flag("console.login-on-loopback", false));
    }

    /**
     * From a Camel context's properties ({@code keyrelay.*}: application.properties, system properties, ...), read
     * once and bound as {@code gatewayTuning} for the other configurations that need it.
     */
    public static GatewayTuning of(CamelContext camelContext) {
        GatewayTuning tuning = camelContext.getRegistry().lookupByNameAndType(BEAN, GatewayTuning.class);
        if (tuning == null) {
            tuning = from(SettingValues.of(null, "keyrelay.", camelContext.getPropertiesComponent()::resolveProperty));
            camelContext.getRegistry().bind(BEAN, tuning);
        }
        return tuning;
    }
}
