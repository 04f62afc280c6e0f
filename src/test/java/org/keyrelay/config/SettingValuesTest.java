package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingValuesTest {

    private static SettingValues app(Map<String, String> properties) {
        return SettingValues.of(null, "keyrelay.", key -> Optional.ofNullable(properties.get(key)));
    }

    private static String problem(Runnable read) {
        return assertThrows(SettingException.class, read::run).getMessage();
    }

    @Test
    void should_take_the_default_for_an_absent_or_blank_value() {
        SettingValues values = app(Map.of("keyrelay.port", "  "));
        assertEquals(8080, values.port("port", 8080));
        assertEquals(Duration.ofSeconds(10), values.duration("upstream.connect-timeout", Duration.ofSeconds(10)));
        assertTrue(values.flag("console.enabled", true));
        assertEquals(List.of(), values.list("client-tokens"));
    }

    @Test
    void should_read_each_kind_of_value_stripped() {
        SettingValues values = app(Map.of("keyrelay.port", " 9090 ", "keyrelay.a", "2m", "keyrelay.b", "FALSE",
                "keyrelay.c", "a, b,,", "keyrelay.d", "3000000000", "keyrelay.e", "0"));
        assertEquals(9090, values.port("port", 8080));
        assertEquals(Duration.ofMinutes(2), values.positiveDuration("a", Duration.ZERO));
        assertFalse(values.flag("b", true));
        assertEquals(List.of("a", "b"), values.list("c"));
        assertEquals(3_000_000_000L, values.wholeLong("d", 1, 1));
        assertEquals(Duration.ZERO, values.duration("e", Duration.ofSeconds(10)), "0: no limit, where a setting takes it");
    }

    @Test
    void should_name_the_setting_the_value_and_what_is_allowed() {
        SettingValues values = app(Map.of("keyrelay.port", "eighty", "keyrelay.n", "lots", "keyrelay.m", "0",
                "keyrelay.t", "soon", "keyrelay.z", "0s", "keyrelay.f", "yes", "keyrelay.big", "3000000000"));
        assertEquals("keyrelay.port: 'eighty' is not a port (1-65535)", problem(() -> values.port("port", 8080)));
        assertEquals("keyrelay.n: 'lots' is not a whole number of at least 1", problem(() -> values.whole("n", 5, 1)));
        assertEquals("keyrelay.m: '0' is not a whole number from 1 to 256", problem(() -> values.whole("m", 4, 1, 256)));
        assertEquals("keyrelay.big: '3000000000' is not a whole number of at least 1",
                problem(() -> values.whole("big", 5, 1)), "past an int");
        assertEquals("keyrelay.t: 'soon' is not a duration such as 10s, 5m or 1h",
                problem(() -> values.duration("t", Duration.ZERO)));
        assertEquals("keyrelay.z: '0s' is not a duration longer than 0, such as 10s, 5m or 1h",
                problem(() -> values.positiveDuration("z", Duration.ofSeconds(1))));
        assertEquals("keyrelay.f: 'yes' is not true or false", problem(() -> values.flag("f", true)));
    }

    @Test
    void should_say_where_a_value_was_written_when_the_name_does_not() {
        SettingValues karaf = SettingValues.of("etc/org.keyrelay.cfg", "", key -> Optional.of("eighty"));
        assertEquals("etc/org.keyrelay.cfg: port: 'eighty' is not a port (1-65535)",
                problem(() -> karaf.port("port", 8080)));
    }
}
