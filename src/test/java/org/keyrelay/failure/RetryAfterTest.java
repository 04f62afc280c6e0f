package org.keyrelay.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reset times from headers and bodies, read against a fixed clock. */
class RetryAfterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
    private static final Instant NOW = CLOCK.instant();

    private static Optional<Instant> headers(String... nameValuePairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            headers.computeIfAbsent(nameValuePairs[i], n -> new ArrayList<>()).add(nameValuePairs[i + 1]);
        }
        return RetryAfter.fromHeaders(headers, NOW);
    }

    private static Optional<Instant> at(String instant) {
        return Optional.of(Instant.parse(instant));
    }

    @Test
    void retry_after_in_seconds() {
        assertEquals(at("2026-03-02T10:00:30Z"), headers("retry-after", "30"));
    }

    @Test
    void retry_after_as_http_date() {
        assertEquals(at("2026-03-02T10:05:00Z"), headers("Retry-After", "Mon, 02 Mar 2026 10:05:00 GMT"));
    }

    @Test
    void retry_after_ms() {
        assertEquals(at("2026-03-02T10:00:01.500Z"), headers("retry-after-ms", "1500"));
    }

    @Test
    void x_ratelimit_reset_as_seconds() {
        assertEquals(at("2026-03-02T10:01:00Z"), headers("x-ratelimit-reset", "60"));
    }

    @Test
    void x_ratelimit_reset_as_epoch_seconds() {
        assertEquals(at("2026-03-02T10:01:00Z"), headers("X-RateLimit-Reset", "1772445660"));
    }

    @Test
    void x_ratelimit_reset_as_epoch_millis() {
        assertEquals(at("2026-03-02T10:01:00.250Z"), headers("x-ratelimit-reset", "1772445660250"));
    }

    @Test
    void x_ratelimit_reset_tokens_as_go_duration() {
        assertEquals(at("2026-03-02T10:06:00Z"), headers("x-ratelimit-reset-tokens", "6m0s"));
    }

    @Test
    void x_ratelimit_reset_requests_in_milliseconds() {
        assertEquals(at("2026-03-02T10:00:00.020Z"), headers("x-ratelimit-reset-requests", "20ms"));
    }

    @Test
    void anthropic_reset_as_rfc_3339() {
        assertEquals(at("2026-03-02T10:00:45Z"), headers("anthropic-ratelimit-requests-reset", "2026-03-02T10:00:45Z"));
        assertEquals(at("2026-03-02T10:00:45Z"),
                headers("anthropic-ratelimit-input-tokens-reset", "2026-03-02T11:00:45+01:00"));
    }

    @Test
    void the_latest_instant_wins() {
        assertEquals(at("2026-03-02T10:06:00Z"), headers(
                "retry-after", "2",
                "retry-after-ms", "2400",
                "x-ratelimit-reset-requests", "1s",
                "x-ratelimit-reset-tokens", "6m0s",
                "anthropic-ratelimit-tokens-reset", "2026-03-02T10:03:00Z"));
    }

    @Test
    void a_bucket_with_room_left_does_not_count() {
        assertEquals(at("2026-03-02T10:00:02Z"), headers(
                "retry-after", "2",
                "x-ratelimit-remaining-tokens", "15000",
                "x-ratelimit-reset-tokens", "6m0s"));
        assertEquals(at("2026-03-02T10:06:00Z"), headers(
                "x-ratelimit-remaining-tokens", "0",
                "x-ratelimit-reset-tokens", "6m0s"));
        assertEquals(at("2026-03-02T10:00:45Z"), headers(
                "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "2026-03-02T10:00:45Z",
                "anthropic-ratelimit-tokens-remaining", "12000",
                "anthropic-ratelimit-tokens-reset", "2026-03-02T10:01:00Z"));
    }

    @Test
    void garbage_is_ignored() {
        assertEquals(Optional.empty(), headers("retry-after", "soon", "x-ratelimit-reset", "-5",
                "x-ratelimit-reset-tokens", "6 parsecs", "anthropic-ratelimit-tokens-reset", "yesterday"));
        assertEquals(at("2026-03-02T10:00:10Z"), headers("retry-after", "later", "x-ratelimit-reset", "10"),
                "one unreadable value does not hide a readable one");
        assertEquals(Optional.empty(), headers("x-unrelated", "60", "x-ratelimit-limit", "60"));
        assertEquals(Optional.empty(), RetryAfter.fromHeaders(null, NOW));
        assertEquals(Optional.empty(), RetryAfter.fromHeaders(Map.of("retry-after", Arrays.asList((String) null)), NOW));
    }

    @Test
    void a_time_in_the_past_means_now_and_one_far_ahead_is_ignored() {
        assertEquals(Optional.of(NOW), headers("retry-after", "Sun, 01 Mar 2026 10:00:00 GMT"));
        assertEquals(Optional.empty(), headers("x-ratelimit-reset", "9999999999999999"));
        assertEquals(Optional.empty(), headers("retry-after", "99999999999"));
    }

    @Test
    void body_please_try_again_in_go_duration() {
        assertEquals(at("2026-03-02T10:01:30Z"), RetryAfter.fromBody(
                "{\"error\":{\"message\":\"Rate limit reached for gpt-4o. Please try again in 1m30s. Visit https://platform.openai.com\"}}", NOW));
        assertEquals(at("2026-03-02T10:00:20Z"), RetryAfter.fromBody("Please try again in 20s.", NOW));
        assertEquals(at("2026-03-02T10:00:00.820Z"), RetryAfter.fromBody("Please try again in 820ms.", NOW));
    }

    @Test
    void body_retry_after_n_seconds() {
        assertEquals(at("2026-03-02T10:00:30Z"), RetryAfter.fromBody("Too many requests, retry after 30 seconds", NOW));
        assertEquals(at("2026-03-02T10:00:01Z"), RetryAfter.fromBody("please try again after 1 seconds", NOW));
        assertEquals(at("2026-03-02T10:00:45Z"), RetryAfter.fromBody("Retry after 45.", NOW));
    }

    @Test
    void body_reset_time_fields() {
        assertEquals(at("2026-03-02T15:00:00Z"), RetryAfter.fromBody(
                "{\"usage\":{\"limit\":100,\"remaining\":0,\"resetTime\":\"2026-03-02T15:00:00Z\"}}", NOW));
        assertEquals(at("2026-03-02T10:01:00Z"), RetryAfter.fromBody("{\"error\":{\"resets_at\":1772445660}}", NOW));
        assertEquals(at("2026-03-02T12:00:00Z"), RetryAfter.fromBody("{\"reset_at\":\"2026-03-02T12:00:00\"}", NOW),
                "no zone: UTC");
    }

    @Test
    void body_latest_time_wins_and_text_without_time_is_empty() {
        assertEquals(at("2026-03-09T00:00:00Z"), RetryAfter.fromBody(
                "{\"limits\":[{\"resetTime\":\"2026-03-02T15:00:00Z\"},{\"resetTime\":\"2026-03-09T00:00:00Z\"}]}", NOW));
        assertEquals(Optional.empty(), RetryAfter.fromBody("Please try again later.", NOW));
        assertEquals(Optional.empty(), RetryAfter.fromBody("retry after 2026-03-02", NOW));
        assertEquals(Optional.empty(), RetryAfter.fromBody("{\"resetTime\":\"not a time\"}", NOW));
        assertEquals(Optional.empty(), RetryAfter.fromBody(null, NOW));
    }

    @Test
    void parse_duration_reads_go_durations_and_plain_seconds() {
        assertEquals(Optional.of(Duration.ofMinutes(6)), RetryAfter.parseDuration("6m0s"));
        assertEquals(Optional.of(Duration.ofSeconds(1)), RetryAfter.parseDuration("1s"));
        assertEquals(Optional.of(Duration.ofMillis(20)), RetryAfter.parseDuration("20ms"));
        assertEquals(Optional.of(Duration.ofMillis(3_723_500)), RetryAfter.parseDuration("1h2m3.5s"));
        assertEquals(Optional.of(Duration.ofNanos(250_000)), RetryAfter.parseDuration("250us"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.parseDuration(" 30 "));
        assertEquals(Optional.of(Duration.ofMillis(1500)), RetryAfter.parseDuration("1.5"));
    }

    @Test
    void parse_duration_rejects_garbage() {
        for (String garbage : Arrays.asList(null, "", "abc", "-1s", "6m0", "1d", "s", "1.2.3s", "9999999999999h")) {
            assertEquals(Optional.empty(), RetryAfter.parseDuration(garbage), String.valueOf(garbage));
        }
    }
}
