package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keyrelay.camel.GatewayAssembly.RelaySettings;
import org.keyrelay.config.IngressLimits;
import org.keyrelay.config.SettingException;
import org.keyrelay.config.SettingValues;

class GatewayTuningTest {

    private static GatewayTuning from(Map<String, String> properties) {
        return GatewayTuning.from(SettingValues.of(null, "keyrelay.", key -> Optional.ofNullable(properties.get(key))));
    }

    @Test
    void should_default_every_setting() {
        GatewayTuning tuning = from(Map.of());
        assertEquals(RelaySettings.DEFAULTS, tuning.relay());
        assertEquals(IngressLimits.DEFAULTS, tuning.ingress());
        assertEquals(Duration.ofHours(1), tuning.modelsRefreshPeriod());
        assertEquals(1000, tuning.eventsQueue());
        assertEquals(100, tuning.eventsRetain());
        assertTrue(tuning.consoleEnabled());
        assertFalse(tuning.consoleLoginOnLoopback());
    }

    @Test
    void should_read_every_setting() {
        GatewayTuning tuning = from(Map.ofEntries(
                Map.entry("keyrelay.upstream.connect-timeout", "2s"),
                Map.entry("keyrelay.upstream.response-timeout", "0"),
                Map.entry("keyrelay.upstream.headers-timeout", "30s"),
                Map.entry("keyrelay.upstream.idle-timeout", "1m"),
                Map.entry("keyrelay.relay.threads", "8"),
                Map.entry("keyrelay.ingress.idle-timeout", "5s"),
                Map.entry("keyrelay.ingress.header-timeout", "6s"),
                Map.entry("keyrelay.ingress.body-min-rate", "0"),
                Map.entry("keyrelay.ingress.body-rate-window", "7s"),
                Map.entry("keyrelay.ingress.max-connections", "10"),
                Map.entry("keyrelay.ingress.max-buffered-bytes", "4096"),
                Map.entry("keyrelay.models.refresh-period", "30m"),
                Map.entry("keyrelay.events.queue", "5"),
                Map.entry("keyrelay.events.retain", "0"),
                Map.entry("keyrelay.console.enabled", "false"),
                Map.entry("keyrelay.console.login-on-loopback", "true")));
        assertEquals(new RelaySettings(Duration.ofSeconds(2), Duration.ZERO, 8, Duration.ofSeconds(30),
                Duration.ofMinutes(1)), tuning.relay());
        assertEquals(new IngressLimits(Duration.ofSeconds(5), Duration.ofSeconds(6), 0, Duration.ofSeconds(7), 10, 4096),
                tuning.ingress());
        assertEquals(Duration.ofMinutes(30), tuning.modelsRefreshPeriod());
        assertEquals(5, tuning.eventsQueue());
        assertEquals(0, tuning.eventsRetain());
        assertFalse(tuning.consoleEnabled());
        assertTrue(tuning.consoleLoginOnLoopback());
    }

    @Test
    void should_refuse_a_bad_value_by_its_name() {
        assertEquals("keyrelay.ingress.max-connections: 'lots' is not a whole number of at least 1",
                assertThrows(SettingException.class, () -> from(Map.of("keyrelay.ingress.max-connections", "lots")))
                        .getMessage());
        assertEquals("keyrelay.ingress.idle-timeout: '0' is not a duration longer than 0, such as 10s, 5m or 1h",
                assertThrows(SettingException.class, () -> from(Map.of("keyrelay.ingress.idle-timeout", "0")))
                        .getMessage());
        assertEquals("keyrelay.console.enabled: 'off' is not true or false",
                assertThrows(SettingException.class, () -> from(Map.of("keyrelay.console.enabled", "off"))).getMessage());
    }
}
