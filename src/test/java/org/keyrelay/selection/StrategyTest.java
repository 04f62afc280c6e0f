package org.keyrelay.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Strategy names as the keyring writes them. */
class StrategyTest {

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void should_parse_its_own_config_name(Strategy strategy) {
        assertEquals(strategy, Strategy.parse(strategy.configName()));
    }

    @Test
    void should_parse_regardless_of_case_and_surrounding_spaces() {
        assertEquals(Strategy.ROUND_ROBIN, Strategy.parse("  Round-Robin "));
    }

    @Test
    void should_name_the_allowed_values_when_the_name_is_unknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Strategy.parse("fastest"));

        assertEquals("'fastest' is not one of round-robin, health-based, sticky, least-used, fill-first, weighted, "
                + "health-sticky",
                e.getMessage());
    }

    @Test
    void should_refuse_a_missing_name() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Strategy.parse(null));

        assertEquals("'null' is not one of " + Strategy.names(), e.getMessage());
    }

    @Test
    void should_make_the_selector_of_each_strategy() {
        assertInstanceOf(RoundRobin.class, Strategy.ROUND_ROBIN.newSelector());
        assertInstanceOf(HealthBased.class, Strategy.HEALTH_BASED.newSelector());
        assertInstanceOf(Sticky.class, Strategy.STICKY.newSelector());
        assertInstanceOf(LeastUsed.class, Strategy.LEAST_USED.newSelector());
        assertInstanceOf(FillFirst.class, Strategy.FILL_FIRST.newSelector());
        assertInstanceOf(Weighted.class, Strategy.WEIGHTED.newSelector());
        assertInstanceOf(HealthSticky.class, Strategy.HEALTH_STICKY.newSelector());
    }

    @Test
    void should_make_a_fresh_selector_each_time() {
        assertNotSame(Strategy.ROUND_ROBIN.newSelector(), Strategy.ROUND_ROBIN.newSelector());
    }
}
