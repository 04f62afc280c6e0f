package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The management port's settings: flags and variables like the others, loopback 8081 by default. */
class ManagementSettingsTest {

    @Test
    void should_default_to_loopback_8081() {
        GatewaySettings s = GatewaySettings.parse(new String[0], Map.of("HOME", "/home/u"));
        assertEquals("127.0.0.1", s.managementHost());
        assertEquals(8081, s.managementPort());
        assertTrue(s.isManagementLoopback());
    }

    @Test
    void should_take_flags_over_variables() {
        Map<String, String> env = Map.of("KEYRELAY_MANAGEMENT_PORT", "9000", "KEYRELAY_MANAGEMENT_HOST", "0.0.0.0", "HOME", "/h");
        assertEquals(9000, GatewaySettings.parse(new String[0], env).managementPort());
        GatewaySettings s = GatewaySettings.parse(new String[] {"--management-port", "9100", "--management-host=127.0.0.2"}, env);
        assertEquals(9100, s.managementPort());
        assertEquals("127.0.0.2", s.managementHost());
        assertFalse(GatewaySettings.parse(new String[0], env).isManagementLoopback());
    }

    @Test
    void should_name_the_setting_and_the_bad_port() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.parse(new String[] {"--management-port", "80a"}, Map.of("HOME", "/h")));
        assertEquals("--management-port / KEYRELAY_MANAGEMENT_PORT: '80a' is not a port (0-65535)", e.getMessage());
    }

    @Test
    void should_keep_the_six_value_constructor_with_a_free_management_port_and_mask_tokens_in_toString() {
        GatewaySettings s = new GatewaySettings(Path.of("k.yaml"), "127.0.0.1", 0, Path.of("state"), null, List.of("tok-secret-1"));
        assertEquals(0, s.managementPort());
        assertFalse(s.toString().contains("tok-secret-1"), s.toString());
        assertTrue(s.toString().contains("clientTokens=1"));
    }
}
