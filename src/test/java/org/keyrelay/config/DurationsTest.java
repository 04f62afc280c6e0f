package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations as people write them in configuration. */
class DurationsTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource({
            "250ms, PT0.25S",
            "30s, PT30S",
            "5m, PT5M",
            "5h, PT5H",
            "7d, PT168H",
            "45, PT45S",
            "0s, PT0S",
            "' 30S ', PT30S",
            "10 s, PT10S",
            "PT1M30S, PT1M30S",
            "pt2h, PT2H",
            "P1D, PT24H"})
    void should_read_a_duration(String text, Duration expected) {
        assertEquals(expected, Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "", "5 minutes", "1.5s", "-5s", "5x"})
    void should_name_what_is_allowed_when_the_text_is_not_a_duration(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));

        assertEquals("'" + text + "' is not a duration (like 250ms, 30s, 5m, 5h, 7d)", e.getMessage());
    }

    @Test
    void should_refuse_a_missing_duration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(null));

        assertEquals("'null' is not a duration (like 250ms, 30s, 5m, 5h, 7d)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999s", "9999999999999999d"})
    void should_name_what_is_allowed_when_the_number_is_too_large(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));

        assertEquals("'" + text + "' is not a duration (like 250ms, 30s, 5m, 5h, 7d)", e.getMessage());
    }
}
