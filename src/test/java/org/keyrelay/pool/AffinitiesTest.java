package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.keyrelay.pool.TestPools.NOW;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The conversation table is bounded: the least recently used conversation goes first, idle ones expire. */
class AffinitiesTest {

    @Test
    void should_hold_at_most_its_capacity_dropping_the_least_recently_used() {
        Affinities table = new Affinities(3, Duration.ofHours(1));
        table.seat("w", "a", NOW);
        table.seat("x", "b", NOW.plusSeconds(1));
        table.seat("y", "c", NOW.plusSeconds(2));
        table.seat("w", "a", NOW.plusSeconds(3)); // w used again: x is now the oldest

        table.seat("z", "a", NOW.plusSeconds(4));

        assertEquals(3, table.size());
        assertNull(table.keyOf("x", NOW.plusSeconds(5)));
        assertEquals("a", table.keyOf("w", NOW.plusSeconds(5)));
        assertEquals("c", table.keyOf("y", NOW.plusSeconds(5)));
        assertEquals("a", table.keyOf("z", NOW.plusSeconds(5)));
    }

    @Test
    void should_stay_bounded_under_many_conversations() {
        Affinities table = new Affinities(Affinities.DEFAULT_CAPACITY, Affinities.DEFAULT_IDLE);
        Instant at = NOW;
        for (int i = 0; i < 50_000; i++) {
            table.seat("conversation-" + i, "a", at);
            at = at.plusMillis(1);
        }

        assertEquals(10_000, table.size());
        assertEquals("a", table.keyOf("conversation-49999", at));
        assertNull(table.keyOf("conversation-39999", at));
    }

    @Test
    void should_drop_idle_conversations_as_new_ones_arrive() {
        Affinities table = new Affinities(100, Duration.ofMinutes(10));
        table.seat("old", "a", NOW);
        table.seat("recent", "b", NOW.plus(Duration.ofMinutes(5)));

        table.seat("new", "c", NOW.plus(Duration.ofMinutes(10)));

        assertEquals(2, table.size(), "old was idle for 10 minutes");
        assertEquals("b", table.keyOf("recent", NOW.plus(Duration.ofMinutes(10))));
    }
}
