package org.keyrelay.failure;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reset times stated by an upstream, in headers or in the body. Every method is lenient: a value
 * it cannot read is ignored, never thrown.
 *
 * <p>Rules shared by all values:
 * <ul>
 *   <li>A bare number in a reset field is read by size: from 10^12 on it is epoch milliseconds,
 *       from 10^9 on epoch seconds (10^9 s of delay would be 31 years), below that a delay in seconds.
 *   <li>A time before {@code now} means "usable now" and comes back as {@code now}.
 *   <li>A time more than {@link #MAX_AHEAD} after {@code now} is garbage (a misread unit) and ignored.
 *   <li>When several times are stated, the LATEST wins: a key is only usable once every limit that
 *       refused it has reset, and a cooldown that ends too early just earns another refusal.
 * </ul>
 */
public final class RetryAfter {

    /** Longer than any real window (a billing cycle is a month): anything later is a misread value. */
    static final Duration MAX_AHEAD = Duration.ofDays(400);

    private static final BigDecimal EPOCH_SECONDS_FROM = new BigDecimal("1e9");
    private static final BigDecimal EPOCH_MILLIS_FROM = new BigDecimal("1e12");
    private static final BigDecimal NANOS_PER_SECOND = new BigDecimal(1_000_000_000L);
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private static final String NUMBER = "(?:\\d+(?:\\.\\d*)?|\\.\\d+)";
    private static final Pattern PLAIN_NUMBER = Pattern.compile(NUMBER);
    private static final Pattern GO_DURATION = Pattern.compile("(?:" + NUMBER + "(?:ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern GO_PART = Pattern.compile("(" + NUMBER + ")(ns|us|µs|μs|ms|s|m|h)");

    /** A number and a unit as bodies write them: "20s", "6m0s", "1.5 seconds", "2 minutes". */
    private static final String WORD_UNIT =
            "(?:ns|us|µs|μs|milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)(?![a-z])";
    private static final Pattern WORD_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(" + WORD_UNIT + ")");
    /** "Please try again in 6m0s" (OpenAI), "try again after 1 seconds" (Moonshot), "retry after 30". */
    private static final Pattern TRY_AGAIN = Pattern.compile(
            "(?:try again|retry)\\s+(?:in|after)\\s+(?:about\\s+)?"
                    + "((?:\\d+(?:\\.\\d+)?\\s*" + WORD_UNIT + ")(?:\\s*\\d+(?:\\.\\d+)?\\s*" + WORD_UNIT + ")*"
                    + "|\\d+(?:\\.\\d+)?(?![\\d:/\\-a-z]|\\.\\d))");
    /** "resetTime" (Kimi usages), "reset_at" / "resets_at" and friends, as text or a bare number. */
    private static final Pattern RESET_FIELD = Pattern.compile(
            "\"(?:resettime|reset_time|resetat|reset_at|resetsat|resets_at)\"\\s*:\\s*(?:\"([^\"]{1,64})\"|(\\d+(?:\\.\\d+)?))");

    private RetryAfter() {
    }

    /**
     * The time this key is usable again according to the headers. Read:
     * <ul>
     *   <li>{@code retry-after}: delay in seconds or an HTTP date; {@code retry-after-ms}: delay in ms.
     *       These state when to come back and always count.
     *   <li>Bucket resets: {@code x-ratelimit-reset}, {@code x-ratelimit-reset-requests},
     *       {@code x-ratelimit-reset-tokens} (seconds, epoch seconds / millis, Go durations like
     *       "6m0s", or RFC 3339) and {@code anthropic-ratelimit-*-reset} (RFC 3339). A bucket reset
     *       counts only when that bucket is spent: its {@code remaining} twin
     *       ({@code x-ratelimit-remaining-tokens}, {@code anthropic-ratelimit-tokens-remaining}, ...)
     *       is absent, unreadable or zero. A bucket with room left did not cause the refusal; its
     *       reset (OpenAI sends "6m0s" for a token bucket that is nearly full) says nothing about
     *       when this key is usable.
     * </ul>
     * The latest of the instants that count wins.
     */
    public static Optional<Instant> fromHeaders(Map<String, List<String>> headers, Instant now) {
        if (headers == null || now == null) {
            return Optional.empty();
        }
        Map<String, List<String>> lower = UpstreamAnswer.lowerCaseNames(headers);
        Optional<Instant> latest = Optional.empty();
        for (Map.Entry<String, List<String>> header : lower.entrySet()) {
            Function<String, Optional<Instant>> reader = readerFor(header.getKey(), lower, now);
            if (reader == null) {
                continue;
            }
            for (String value : header.getValue()) {
                latest = later(latest, reader.apply(value.strip()));
            }
        }
        return latest;
    }

    /**
     * Times stated in a body (the first 64 KiB): "try again in 20s" / "Please try again in 6m0s"
     * (OpenAI), "please try again after 1 seconds", "retry after N seconds", and JSON fields
     * {@code resetTime} / {@code reset_at} / {@code resets_at} holding ISO-8601 or an epoch. The
     * latest wins.
     */
    public static Optional<Instant> fromBody(String body, Instant now) {
        if (body == null || body.isEmpty() || now == null) {
            return Optional.empty();
        }
        String text = ErrorBody.cap(body).toLowerCase(Locale.ROOT);
        Optional<Instant> latest = Optional.empty();
        Matcher tryAgain = TRY_AGAIN.matcher(text);
        while (tryAgain.find()) {
            latest = later(latest, after(now, wordDuration(tryAgain.group(1))));
        }
        Matcher field = RESET_FIELD.matcher(text);
        while (field.find()) {
            String value = field.group(1) != null ? field.group(1).strip() : field.group(2);
            latest = later(latest, resetValue(value, now));
        }
        return latest;
    }

    /**
     * A Go-style duration ("6m0s", "1s", "20ms", "1h2m3.5s", "250us") or a plain number of seconds
     * ("30", "1.5"). Empty for anything else, negative values, or more than Long.MAX_VALUE ns.
     */
    public static Optional<Duration> parseDuration(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        if (PLAIN_NUMBER.matcher(value).matches()) {
            return nanos(new BigDecimal(value).multiply(NANOS_PER_SECOND));
        }
        if (!GO_DURATION.matcher(value).matches()) {
            return Optional.empty();
        }
        BigDecimal total = BigDecimal.ZERO;
        Matcher part = GO_PART.matcher(value);
        while (part.find()) {
            total = total.add(new BigDecimal(part.group(1)).multiply(nanosPer(part.group(2))));
        }
        return nanos(total);
    }

    private static Function<String, Optional<Instant>> readerFor(String name, Map<String, List<String>> headers,
                                                                 Instant now) {
        if (name.equals("retry-after")) {
            return value -> retryAfter(value, now);
        }
        if (name.equals("retry-after-ms")) {
            return value -> number(value).flatMap(ms -> after(now, nanos(ms.multiply(new BigDecimal(1_000_000)))));
        }
        String remaining = remainingTwin(name);
        if (remaining == null || bucketHasRoom(headers.get(remaining))) {
            return null;
        }
        return value -> resetValue(value, now);
    }

    /** The name of the "remaining" header of a bucket-reset header, or null if it is no such header. */
    private static String remainingTwin(String name) {
        if (name.equals("x-ratelimit-reset") || name.equals("x-ratelimit-reset-requests")
                || name.equals("x-ratelimit-reset-tokens")) {
            return name.replace("-reset", "-remaining");
        }
        if (name.startsWith("anthropic-ratelimit-") && name.endsWith("-reset")) {
            return name.substring(0, name.length() - "reset".length()) + "remaining";
        }
        return null;
    }

    private static boolean bucketHasRoom(List<String> remaining) {
        if (remaining == null || remaining.isEmpty()) {
            return false;
        }
        return number(remaining.get(0).strip()).map(n -> n.signum() > 0).orElse(false);
    }

    private static Optional<Instant> retryAfter(String value, Instant now) {
        if (PLAIN_NUMBER.matcher(value).matches()) {
            return after(now, parseDuration(value));
        }
        return httpDate(value).flatMap(t -> sane(t, now));
    }

    /** A reset value: a bare number (by size, see the class comment), a Go duration, or a date. */
    private static Optional<Instant> resetValue(String value, Instant now) {
        Optional<BigDecimal> number = number(value);
        if (number.isPresent()) {
            BigDecimal n = number.get();
            if (n.compareTo(EPOCH_MILLIS_FROM) >= 0) {
                return epoch(n.multiply(new BigDecimal(1_000_000)), now);
            }
            if (n.compareTo(EPOCH_SECONDS_FROM) >= 0) {
                return epoch(n.multiply(NANOS_PER_SECOND), now);
            }
            return after(now, nanos(n.multiply(NANOS_PER_SECOND)));
        }
        Optional<Duration> duration = parseDuration(value);
        if (duration.isPresent()) {
            return after(now, duration);
        }
        return isoDate(value).or(() -> httpDate(value)).flatMap(t -> sane(t, now));
    }

    private static Optional<Duration> wordDuration(String spec) {
        Matcher part = WORD_PART.matcher(spec);
        BigDecimal total = BigDecimal.ZERO;
        boolean any = false;
        while (part.find()) {
            any = true;
            total = total.add(new BigDecimal(part.group(1)).multiply(nanosPer(part.group(2))));
        }
        return any ? nanos(total) : parseDuration(spec);
    }

    private static BigDecimal nanosPer(String unit) {
        long nanos = switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms", "msec", "msecs", "millisecond", "milliseconds" -> 1_000_000L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000_000_000L;
            case "h", "hr", "hrs", "hour", "hours" -> 3_600_000_000_000L;
            default -> 1_000_000_000L; // s, sec, secs, second, seconds
        };
        return BigDecimal.valueOf(nanos);
    }

    private static Optional<BigDecimal> number(String value) {
        return PLAIN_NUMBER.matcher(value).matches() ? Optional.of(new BigDecimal(value)) : Optional.empty();
    }

    private static Optional<Duration> nanos(BigDecimal nanos) {
        if (nanos.signum() < 0 || nanos.compareTo(MAX_NANOS) > 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    private static Optional<Instant> epoch(BigDecimal nanos, Instant now) {
        BigDecimal[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND);
        if (secondsAndNanos[0].compareTo(BigDecimal.valueOf(Instant.MAX.getEpochSecond())) > 0) {
            return Optional.empty();
        }
        return sane(Instant.ofEpochSecond(secondsAndNanos[0].longValue(), secondsAndNanos[1].longValue()), now);
    }

    private static Optional<Instant> after(Instant now, Optional<Duration> delay) {
        return delay.filter(d -> d.compareTo(MAX_AHEAD) <= 0).map(now::plus);
    }

    /** Clamps a past time to now and drops one too far ahead (see the class comment). */
    private static Optional<Instant> sane(Instant time, Instant now) {
        if (time.isBefore(now)) {
            return Optional.of(now);
        }
        return time.isAfter(now.plus(MAX_AHEAD)) ? Optional.empty() : Optional.of(time);
    }

    private static Optional<Instant> isoDate(String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        try {
            return Optional.of(OffsetDateTime.parse(upper).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(LocalDateTime.parse(upper).toInstant(ZoneOffset.UTC)); // no zone: UTC
            } catch (DateTimeParseException notLocal) {
                return Optional.empty();
            }
        }
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException notHttpDate) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isAfter(b.get()) ? a : b;
    }
}
