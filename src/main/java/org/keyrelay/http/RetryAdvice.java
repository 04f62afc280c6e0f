package org.keyrelay.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a client is told about asking again, when the gateway has no key for it until {@code at}:
 * <ul>
 *   <li>{@code X-Keyrelay-Retry-At}: the exact instant (ISO-8601), always;</li>
 *   <li>{@code Retry-After} (seconds): only when the wait is at most {@link #SLEEP_BOUND}, short enough that a client
 *       should sleep on it. 60 s is also the longest Retry-After the OpenAI and Anthropic SDKs and the AI SDK obey;</li>
 *   <li>a longer wait says {@code x-should-retry: false} (the OpenAI and Anthropic SDKs and Claude Code then show the
 *       message at once) and {@code retry-after-ms: 100}: clients that retry a 429 whatever they are told (opencode
 *       and the AI SDK, a few times) come back at once, hear the same answer from the gateway without the provider
 *       being asked, and show it after their last try instead of backing off silently for a minute or a day.</li>
 * </ul>
 */
public record RetryAdvice(Instant at, Instant now) {

    /** The longest wait a client is asked to sleep on. */
    public static final Duration SLEEP_BOUND = Duration.ofSeconds(60);
    public static final String RETRY_AT = "X-Keyrelay-Retry-At";
    static final String SHOULD_RETRY = "x-should-retry";
    static final String RETRY_AFTER_MS = "retry-after-ms";
    static final long COME_BACK_MILLIS = 100;

    /** Whole seconds until {@code at}, at least 1. */
    public long seconds() {
        long millis = Duration.between(now, at).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** Whether the client should sleep on it ({@code Retry-After} is sent). */
    public boolean worthSleeping() {
        return seconds() <= SLEEP_BOUND.toSeconds();
    }

    public List<Map.Entry<String, String>> headers() {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (worthSleeping()) {
            headers.add(Map.entry("Retry-After", Long.toString(seconds())));
        } else {
            headers.add(Map.entry(SHOULD_RETRY, "false"));
            headers.add(Map.entry(RETRY_AFTER_MS, Long.toString(COME_BACK_MILLIS)));
        }
        headers.add(Map.entry(RETRY_AT, at.toString()));
        return headers;
    }

    /** Keys can serve now (another request would be served): {@code Retry-After: 1}. */
    public static RetryAdvice now(Instant now) {
        return new RetryAdvice(now, now);
    }

    /** Headers for an answer that no retry will change (no key enabled): the SDKs should not retry it. */
    public static List<Map.Entry<String, String>> never() {
        return List.of(Map.entry(SHOULD_RETRY, "false"));
    }
}
