package org.keyrelay.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keyrelay.pool.KeyPool;

/**
 * Asking which key is in use ({@link KeySelector#peek}, {@link KeyPool#inUse}) names the key the next request gets,
 * under every strategy, and takes no turn: the sequence of picks is the same as without asking.
 */
class PeekTest {

    private static final Clock CLOCK = Clock.fixed(Picks.NOW, ZoneOffset.UTC);

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void should_name_the_next_key_without_taking_its_turn(Strategy strategy) {
        KeyPool asked = Picks.pool(strategy, CLOCK, "abc", 2, 1, 1);
        KeyPool alone = Picks.pool(strategy, CLOCK, "abc", 2, 1, 1);
        StringBuilder named = new StringBuilder();
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            String inUse = asked.inUse().orElseThrow();
            assertEquals(inUse, asked.inUse().orElseThrow(), "asking twice gives the same answer");
            named.append(inUse);
            got.append(Picks.picks(asked, 1));
        }
        assertEquals(Picks.picks(alone, 8), got.toString(), strategy + ": asking took no turn");
        assertEquals(got.toString(), named.toString(), strategy + ": the key named is the key the request got");
    }

    @Test
    void should_name_the_key_an_operator_chose() {
        KeyPool pool = Picks.pool(Strategy.ROUND_ROBIN, CLOCK, "abc");
        pool.use("c");
        assertEquals("c", pool.inUse().orElseThrow());
        assertEquals("ccc", Picks.picks(pool, 3));
    }
}
