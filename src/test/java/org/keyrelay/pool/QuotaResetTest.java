package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.memory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.failure.Verdict;
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.MutableClock;

/** A quota that resets at a time of day in a zone: the next such time, around midnight and across daylight saving. */
class QuotaResetTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static QuotaReset reset(String text) {
        return QuotaReset.parse(text, QuotaReset.DAY_OR_LONGER);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void should_read_a_time_of_day_and_a_zone() {
        assertEquals(new QuotaReset(LocalTime.MIDNIGHT, SHANGHAI, QuotaReset.DAY_OR_LONGER), reset("00:00 Asia/Shanghai"));
        assertEquals(new QuotaReset(LocalTime.of(9, 30), ZoneOffset.UTC, QuotaReset.DAY_OR_LONGER), reset("09:30"));
        assertEquals(ZoneId.of("UTC"), reset(" 09:30   UTC ").zone());
        assertEquals(ZoneOffset.ofHours(8), reset("07:00:30 +08:00").zone());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "25:00 Asia/Shanghai | '25:00 Asia/Shanghai' is not a time of day and a zone (like \"00:00 Asia/Shanghai\" or"
                + " \"09:30 UTC\"): '25:00' is not a time of day (HH:MM, 00:00 to 23:59)",
        "00:00 Mars/Olympus | '00:00 Mars/Olympus' is not a time of day and a zone (like \"00:00 Asia/Shanghai\" or"
                + " \"09:30 UTC\"): 'Mars/Olympus' is not a time zone (a region such as Asia/Shanghai, UTC, or an offset"
                + " such as +08:00)",
        "midnight | 'midnight' is not a time of day and a zone (like \"00:00 Asia/Shanghai\" or \"09:30 UTC\"): "
                + "'midnight' is not a time of day (HH:MM, 00:00 to 23:59)",
        "00:00 Asia Shanghai | '00:00 Asia Shanghai' is not a time of day and a zone (like \"00:00 Asia/Shanghai\" or"
                + " \"09:30 UTC\"): expected a time of day and a zone"})
    void should_name_the_value_and_the_form_of_a_bad_reset(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> reset(text)).getMessage());
    }

    @Test
    void should_reset_at_the_next_midnight_in_the_zone() {
        QuotaReset midnight = reset("00:00 Asia/Shanghai"); // UTC+8: midnight there is 16:00 UTC

        assertEquals(at("2026-11-30T16:00:00Z"), midnight.nextAfter(at("2026-11-30T15:59:59Z")), "one second before");
        assertEquals(at("2026-12-01T16:00:00Z"), midnight.nextAfter(at("2026-11-30T16:00:00Z")), "at midnight: the next");
        assertEquals(at("2026-12-01T16:00:00Z"), midnight.nextAfter(at("2026-11-30T16:00:01Z")));
        assertEquals(at("2026-11-30T16:00:00Z"), midnight.nextAfter(at("2026-11-30T10:00:00Z")), "same UTC day");
        assertEquals(at("2027-01-01T16:00:00Z"), midnight.nextAfter(at("2026-12-31T23:00:00Z")), "into a new year");
    }

    @Test
    void should_take_a_time_the_spring_gap_skips_as_the_moment_after_it() {
        QuotaReset reset = reset("02:30 Europe/Berlin"); // 2026-03-29: 02:00 CET -> 03:00 CEST

        assertEquals(at("2026-03-29T01:30:00Z"), reset.nextAfter(at("2026-03-28T12:00:00Z")), "03:30 CEST");
        assertEquals(at("2026-03-30T00:30:00Z"), reset.nextAfter(at("2026-03-29T01:30:00Z")), "then 02:30 CEST");
    }

    @Test
    void should_take_the_first_of_a_time_the_autumn_repeats() {
        QuotaReset reset = reset("02:30 Europe/Berlin"); // 2026-10-25: 03:00 CEST -> 02:00 CET

        assertEquals(at("2026-10-25T00:30:00Z"), reset.nextAfter(at("2026-10-24T12:00:00Z")), "02:30 CEST");
        assertEquals(at("2026-10-26T01:30:00Z"), reset.nextAfter(at("2026-10-25T00:45:00Z")), "once a day: tomorrow's");
    }

    @Test
    void should_reset_at_a_midnight_that_daylight_saving_skipped() {
        QuotaReset midnight = reset("00:00 America/Sao_Paulo"); // 2018-11-04 began at 01:00 (-02:00)

        assertEquals(at("2018-11-04T03:00:00Z"), midnight.nextAfter(at("2018-11-03T12:00:00Z")));
    }

    @Test
    void should_cool_a_key_out_of_quota_until_the_reset_for_the_windows_it_ends() {
        Map<QuotaWindow, Duration> windows = new EnumMap<>(CooldownSettings.defaults().quotaWindows());
        CooldownSettings d = CooldownSettings.defaults();
        CooldownSettings settings = new CooldownSettings(d.rateLimitBase(), d.rateLimitMax(), d.transientFailure(),
                d.invalidFailWindow(), d.modelForbidden(), windows, reset("00:00 Asia/Shanghai"));
        MutableClock clock = MutableClock.fixed(at("2026-11-30T15:59:00Z")); // 23:59 in Shanghai
        KeyPool pool = new KeyPool("kimi", List.of(new ApiKey("a", TestPools.secretOf("a"), 1),
                new ApiKey("b", TestPools.secretOf("b"), 1)), Strategy.FILL_FIRST, new CooldownPolicy(settings), clock);

        acquire(pool).failed(quota(QuotaWindow.BILLING_CYCLE, Optional.empty()));
        acquire(pool).failed(quota(QuotaWindow.SESSION, Optional.empty()));

        assertEquals(at("2026-11-30T16:00:00Z"), memory(pool, "a").until(), "the billing cycle ends at midnight there");
        assertEquals(at("2026-11-30T20:59:00Z"), memory(pool, "b").until(), "a session window keeps its 5 h");
        clock.advance(Duration.ofMinutes(1));
        assertEquals("a", acquire(pool).key().id(), "back at midnight in Shanghai");
    }

    @Test
    void should_prefer_a_reset_the_provider_stated_and_keep_a_window_the_keyring_set() {
        CooldownSettings d = CooldownSettings.defaults();
        QuotaReset midnight = QuotaReset.parse("00:00 UTC", List.of(QuotaWindow.DAILY, QuotaWindow.BILLING_CYCLE)
                .stream().collect(java.util.stream.Collectors.toSet()));
        CooldownPolicy policy = new CooldownPolicy(new CooldownSettings(d.rateLimitBase(), d.rateLimitMax(),
                d.transientFailure(), d.invalidFailWindow(), d.modelForbidden(), d.quotaWindows(), midnight));
        Instant now = at("2026-11-30T18:00:00Z");

        assertEquals(now.plusSeconds(90), until(policy.decide(quota(QuotaWindow.DAILY, Optional.of(now.plusSeconds(90))),
                now, 0, null)));
        assertEquals(at("2026-12-01T00:00:00Z"), until(policy.decide(quota(QuotaWindow.DAILY, Optional.empty()), now, 0,
                null)));
        assertEquals(now.plus(Duration.ofHours(24)), until(policy.decide(quota(QuotaWindow.WEEKLY, Optional.empty()),
                now, 0, null)), "weekly is not among the windows this reset ends");
    }

    private static Verdict quota(QuotaWindow window, Optional<Instant> stated) {
        return new Verdict(FailureClass.QUOTA_EXHAUSTED, "usage limit", stated, window);
    }

    private static Instant until(KeyDecision decision) {
        return ((KeyDecision.CoolDown) decision).until();
    }
}
