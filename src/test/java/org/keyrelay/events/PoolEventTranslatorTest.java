package org.keyrelay.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.failure.Verdict;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.CooldownPolicy;
import org.keyrelay.pool.CooldownSettings;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.Secret;
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.MutableClock;

/** What operators hear of a pool: each key event once, in order, and the pool running dry and coming back. */
class PoolEventTranslatorTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Verdict RATE_LIMITED = new Verdict(FailureClass.RATE_LIMITED, "too many requests",
            Optional.empty(), QuotaWindow.UNKNOWN);

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final List<KeyEvent> told = new CopyOnWriteArrayList<>();

    private KeyPool pool(String... ids) {
        List<ApiKey> keys = Arrays.stream(ids).map(id -> new ApiKey(id, new Secret("sk-test-" + id + "-0001"), 1))
                .toList();
        KeyPool pool = new KeyPool("p", keys, Strategy.ROUND_ROBIN, new CooldownPolicy(CooldownSettings.defaults()),
                clock);
        pool.subscribe(new PoolEventTranslator(pool, clock, told::add));
        return pool;
    }

    /** "type key" of each event told ("type" alone for the pool). */
    private List<String> story() {
        return told.stream().map(e -> e.type().wire() + (e.key() == null ? "" : " " + e.key())).toList();
    }

    @Test
    void should_tell_cooled_with_cause_and_back_at_then_recovered_when_the_key_serves_again() {
        KeyPool pool = pool("a", "b");

        pool.acquire(null, "a").orElseThrow().failed(RATE_LIMITED);
        clock.advance(Duration.ofSeconds(30));
        pool.acquire(null, "a").orElseThrow().succeeded();

        assertEquals(List.of("cooled a", "recovered a"), story());
        KeyEvent cooled = told.get(0);
        assertEquals("rate_limited", cooled.cause());
        assertEquals(NOW.plusSeconds(30), cooled.backAt());
        assertEquals("cooldown over", told.get(1).reason());
    }

    @Test
    void should_tell_the_pool_exhausted_when_its_last_key_goes_out_and_usable_when_one_is_back() {
        KeyPool pool = pool("a", "b");

        pool.acquire(null, "a").orElseThrow().failed(RATE_LIMITED);
        clock.advance(Duration.ofSeconds(5));
        pool.acquire(null, "b").orElseThrow().failed(RATE_LIMITED);
        clock.advance(Duration.ofSeconds(30));
        pool.acquire(null, null).orElseThrow().succeeded();

        assertEquals(List.of("cooled a", "cooled b", "pool_exhausted", "recovered a", "pool_usable"), story());
        assertEquals(NOW.plusSeconds(30), told.get(2).backAt(), "the first key back");
    }

    @Test
    void should_tell_each_operator_action_once() {
        KeyPool pool = pool("a", "b");
        pool.acquire(null, "a").orElseThrow().failed(RATE_LIMITED); // cooled, and its health is down
        told.clear();

        pool.disable("a");
        pool.enable("a");   // back from disabled and its failures forgotten: one event
        pool.reset("b");    // nothing to forget: no event
        pool.acquire(null, "b").orElseThrow().failed(RATE_LIMITED);
        pool.reset("b");    // out of its cooldown: one event

        assertEquals(List.of("disabled a", "enabled a", "cooled b", "reset b"), story());
    }

    @Test
    void should_tell_the_keys_a_reloaded_keyring_adds_and_removes() {
        KeyPool pool = pool("a", "b");

        pool.replaceKeys(List.of(new ApiKey("b", new Secret("sk-test-b-0001"), 1),
                new ApiKey("c", new Secret("sk-test-c-0001"), 1)));
        pool.removeKey("b");

        assertEquals(List.of("removed a", "added c", "removed b"), story());
        assertEquals("keyring reloaded", told.get(0).reason());
    }

    @Test
    void should_leave_out_choices_outcomes_and_measurements_and_never_carry_a_secret() {
        KeyPool pool = pool("a", "b");

        pool.acquire(null, null).orElseThrow().succeeded();
        pool.acquire(null, "a").orElseThrow().failed(RATE_LIMITED);

        assertEquals(List.of("cooled a"), story());
        for (KeyEvent e : told) {
            assertFalse(e.toJson().contains("sk-test") || e.describe().contains("sk-test"), e.toJson());
        }
    }

    @Test
    void should_read_back_its_own_json() {
        KeyEvent e = new KeyEvent(KeyEvent.Type.ROTATED, NOW, "p", null, "rate_limited", null, null, "a", "b", null);

        assertEquals(e, KeyEvent.fromJson(e.toJson()));
        assertEquals("{\"type\":\"rotated\",\"at\":\"2026-03-02T10:00:00Z\",\"provider\":\"p\",\"cause\":\"rate_limited\","
                + "\"from\":\"a\",\"to\":\"b\"}", e.toJson());
        assertEquals("p rotated a -> b: rate_limited", e.describe());
    }
}
