package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.acquire;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.failure.Verdict;
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.CapturedLog;
import org.keyrelay.support.MutableClock;

/** The log lines of keys going out: why, and when they are back (time and wait); a model cooldown too. */
class KeyEventLogTest {

    private static final String SECRET = "fake-kimi-log-secret-0123456789DigS";
    private final MutableClock clock = MutableClock.fixed(Instant.parse("2026-11-30T18:07:42Z"));

    private KeyPool pool() {
        KeyPool pool = new KeyPool("kimi", List.of(new ApiKey("a", new Secret(SECRET), 1)), Strategy.FILL_FIRST,
                new CooldownPolicy(CooldownSettings.defaults()), clock);
        pool.subscribe(new KeyEventLog(clock));
        return pool;
    }

    private static Verdict verdict(FailureClass failure, String reason) {
        return new Verdict(failure, reason, Optional.empty(), QuotaWindow.UNKNOWN);
    }

    @Test
    void should_say_why_a_key_cooled_and_when_it_is_back() {
        KeyPool pool = pool();
        try (CapturedLog log = new CapturedLog()) {
            acquire(pool).failed(verdict(FailureClass.RATE_LIMITED, "429 too many requests"));

            assertTrue(log.text().contains("Key kimi/a cooled (rate limited: 429 too many requests): back at 18:08:12 UTC"
                    + " (in 30 s)"), log.text());
            assertFalse(log.text().contains(SECRET.substring(5, 20)), "no secret");
        }
    }

    @Test
    void should_log_a_model_cooldown_with_the_key_the_model_why_and_when() {
        KeyPool pool = pool();
        try (CapturedLog log = new CapturedLog()) {
            acquire(pool, "kimi-k2-pro").failed(verdict(FailureClass.MODEL_FORBIDDEN, "this model requires a subscription"));

            assertTrue(log.text().contains("Key kimi/a: model kimi-k2-pro cooled (model forbidden: this model requires a"
                    + " subscription): back at 2026-12-01 18:07:42 UTC (in 24 h)"), log.text());
        }
    }

    @Test
    void should_say_when_an_invalid_key_gets_its_probe() {
        KeyPool pool = pool();
        try (CapturedLog log = new CapturedLog()) {
            acquire(pool).failed(verdict(FailureClass.KEY_INVALID, "invalid api key"));

            assertTrue(log.text().contains("Key kimi/a rejected as invalid (invalid api key): out of rotation until"
                    + " enabled or its fail window ends at 23:07:42 UTC (in 5 h)"), log.text());
        }
    }

    @Test
    void should_write_waits_in_words() {
        assertEquals("0 s", KeyEventLog.in(Duration.ofMillis(-5)));
        assertEquals("1 s", KeyEventLog.in(Duration.ofMillis(200)));
        assertEquals("119 s", KeyEventLog.in(Duration.ofSeconds(119)));
        assertEquals("2 min", KeyEventLog.in(Duration.ofSeconds(120)));
        assertEquals("119 min", KeyEventLog.in(Duration.ofMinutes(119)));
        assertEquals("5 h 30 min", KeyEventLog.in(Duration.ofMinutes(330)));
        assertEquals("3 d 4 h", KeyEventLog.in(Duration.ofHours(76)));
    }
}
