package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.store.redis.RedisLocation;

/** {@code --state / KEYRELAY_STATE}: where several instances share key state (absent: the gateway alone). */
class SharedStateSettingsTest {

    private static final Map<String, String> HOME = Map.of("HOME", "/home/tester");

    @Test
    void should_share_nothing_by_default() {
        GatewaySettings s = GatewaySettings.parse(new String[0], HOME);
        assertNull(s.state());
        assertTrue(s.sharedState().isEmpty());
    }

    @Test
    void should_take_a_redis_url_from_the_flag_over_the_variable() {
        GatewaySettings s = GatewaySettings.parse(new String[] {"--state", "redis://10.0.0.5:6380/2"},
                Map.of("HOME", "/h", "KEYRELAY_STATE", "redis://other:6379/0"));
        RedisLocation r = s.sharedState().orElseThrow();
        assertEquals("10.0.0.5", r.host());
        assertEquals(6380, r.port());
        assertEquals(2, r.database());
    }

    @Test
    void should_take_the_variable_and_default_port_and_database() {
        RedisLocation r = GatewaySettings.parse(new String[0], Map.of("HOME", "/h", "KEYRELAY_STATE", "redis://cache"))
                .sharedState().orElseThrow();
        assertEquals("cache", r.host());
        assertEquals(6379, r.port());
        assertEquals(0, r.database());
    }

    @Test
    void should_name_the_setting_and_what_is_allowed_for_a_bad_url() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.parse(new String[] {"--state=/var/lib/keyrelay"}, HOME)).getMessage();
        assertTrue(message.contains("--state / KEYRELAY_STATE"), message);
        assertTrue(message.contains("'/var/lib/keyrelay'"), message);
        assertTrue(message.contains("redis://host:port/db"), message);

        String db = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.parse(new String[] {"--state", "redis://h:6379/x"}, HOME)).getMessage();
        assertTrue(db.contains("database 'x'"), db);
    }

    @Test
    void should_never_show_the_redis_password() {
        GatewaySettings s = GatewaySettings.parse(new String[] {"--state", "redis://:s3cret-pass@cache:6379/1"}, HOME);
        RedisLocation r = s.sharedState().orElseThrow();
        assertEquals("s3cret-pass", r.password());
        assertFalse(s.toString().contains("s3cret"), s.toString());
        assertFalse(r.toString().contains("s3cret"), r.toString());
        assertEquals("redis://:***@cache:6379/1", r.toString());

        String message = assertThrows(IllegalArgumentException.class,
                () -> GatewaySettings.parse(new String[] {"--state", "rediss://:s3cret-pass@cache:6379/1"}, HOME))
                .getMessage();
        assertFalse(message.contains("s3cret"), message);
    }
}
