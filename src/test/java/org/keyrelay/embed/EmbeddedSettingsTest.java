package org.keyrelay.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keyrelay.camel.GatewayAssembly.RelaySettings;
import org.keyrelay.config.KeyringFiles;

class EmbeddedSettingsTest {

    private static EmbeddedSettings from(Map<String, String> properties) {
        return EmbeddedSettings.from(key -> Optional.ofNullable(properties.get(key)), Map.of("HOME", "/home/u"));
    }

    @Test
    void should_take_every_default_from_an_application_without_keyrelay_properties() {
        EmbeddedSettings s = from(Map.of());
        assertEquals("127.0.0.1", s.gateway().host());
        assertEquals(8080, s.gateway().port());
        assertEquals(KeyringFiles.DEFAULT, s.gateway().keyring());
        assertEquals(Path.of("/home/u/.local/state/keyrelay"), s.gateway().stateDir());
        assertEquals(List.of(), s.gateway().clientTokens());
        assertEquals(RelaySettings.DEFAULTS, s.tuning().relay());
    }

    @Test
    void should_read_the_keyrelay_properties() {
        EmbeddedSettings s = from(Map.of("keyrelay.host", " 0.0.0.0 ", "keyrelay.port", "8090",
                "keyrelay.keyring", "/etc/keyrelay/keyring.yaml", "keyrelay.state-dir", "/var/lib/keyrelay",
                "keyrelay.client-tokens", "a, b,", "keyrelay.upstream.connect-timeout", "2s",
                "keyrelay.upstream.response-timeout", "1m", "keyrelay.relay.threads", "8"));
        assertEquals("0.0.0.0", s.gateway().host());
        assertEquals(8090, s.gateway().port());
        assertEquals(Path.of("/etc/keyrelay/keyring.yaml"), s.gateway().keyring());
        assertEquals(Path.of("/var/lib/keyrelay"), s.gateway().stateDir());
        assertEquals(List.of("a", "b"), s.gateway().clientTokens());
        assertEquals(new RelaySettings(Duration.ofSeconds(2), Duration.ofMinutes(1), 8), s.tuning().relay());
    }

    @Test
    void should_name_the_property_and_the_bad_value() {
        assertEquals("keyrelay.port: 'eighty' is not a port (1-65535)", assertThrows(IllegalArgumentException.class,
                () -> from(Map.of("keyrelay.port", "eighty"))).getMessage());
        assertEquals("keyrelay.relay.threads: '0' is not a whole number from 1 to 256",
                assertThrows(IllegalArgumentException.class, () -> from(Map.of("keyrelay.relay.threads", "0"))).getMessage());
        assertEquals("keyrelay.upstream.response-timeout: 'soon' is not a duration such as 10s, 5m or 1h",
                assertThrows(IllegalArgumentException.class,
                        () -> from(Map.of("keyrelay.upstream.response-timeout", "soon"))).getMessage());
    }
}
