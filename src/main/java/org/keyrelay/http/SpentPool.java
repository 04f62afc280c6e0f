package org.keyrelay.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.keyrelay.failure.FailureClass;

/**
 * The one answer a client gets when no key of a provider can serve its request: which keys, why each is out, and
 * when the first is back, e.g. "All 2 keys of 'kimi' are out of quota: q1 (weekly usage limit) until Mon 00:00 UTC,
 * q2 (billing cycle) until Dec 1 09:12 UTC. The first is back in 1 d 6 h." Status 429 ({@code keys_exhausted})
 * when a key comes back by itself; 503 ({@code no_keys}) when only an operator can bring one back. Never a 401 or
 * 403: the keys are the gateway's, not the client's. When keys could still serve but the request used up its key
 * switches ({@link #rotationsUsedUp}): {@code rotations_exhausted}, naming the keys it tried and why each failed, 429
 * when each was rate-limited or out of quota, else 502; asking again takes the keys left (SDKs retry both).
 *
 * @param provider the provider's id
 * @param keys     every key of the provider, as it stands now
 * @param now      the instant the keys were read
 * @param env      the environment variable the provider's keys come from, or null
 */
public record SpentPool(String provider, List<KeyOut> keys, Instant now, String env) {

    /**
     * One key that cannot serve now.
     *
     * @param cause  the failure class that put it out; null when an operator did
     * @param reason short human reason ("weekly usage limit", "disabled by an operator"), never a secret
     * @param backAt when it can serve again; null when only an operator can bring it back
     */
    public record KeyOut(String id, FailureClass cause, String reason, Instant backAt) {}

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE HH:mm 'UTC'", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM d HH:mm 'UTC'", Locale.ROOT);

    public SpentPool {
        keys = List.copyOf(keys);
    }

    /** When the first key is back, if one comes back by itself. */
    public Optional<Instant> soonest() {
        return keys.stream().map(KeyOut::backAt).filter(Objects::nonNull).min(Instant::compareTo);
    }

    public Optional<RetryAdvice> advice() {
        return soonest().map(at -> new RetryAdvice(at, now));
    }

    public Problem problem() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider);
        details.put("keys", keys.size());
        Optional<RetryAdvice> advice = advice();
        if (advice.isEmpty()) {
            return new Problem(503, "no_keys", noKeyMessage(), details);
        }
        details.put("retry_after_seconds", advice.get().seconds());
        details.put("retry_at", advice.get().at().toString());
        return new Problem(429, "keys_exhausted", headline() + ": " + keys.stream().map(this::describe)
                .collect(Collectors.joining(", ")) + ". The first is back in " + span(advice.get().seconds())
                + " (" + when(advice.get().at()) + ").", details);
    }

    /**
     * The request failed on each key it tried and may switch keys no more, while others can serve: the gateway's
     * answer, not the last key's (a 401 or 403 of the gateway's key would read as the client's credentials). 429 when
     * each key tried was rate-limited or out of quota, else 502.
     *
     * @param tried            the keys the request failed on, in order, with how each failed
     * @param usable           how many keys of the provider could serve now
     * @param rotationsAllowed the key switches one request may make (maxRotations)
     */
    public Problem rotationsUsedUp(Map<String, FailureClass> tried, int usable, int rotationsAllowed) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider);
        details.put("keys_tried", tried.size());
        details.put("keys_usable", usable);
        Map<String, KeyOut> out = keys.stream().collect(Collectors.toMap(KeyOut::id, k -> k, (a, b) -> a));
        String each = tried.entrySet().stream().map(t -> out.containsKey(t.getKey()) ? describe(out.get(t.getKey()))
                : t.getKey() + " (" + t.getValue().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", back now)")
                .collect(Collectors.joining(", "));
        boolean limited = tried.values().stream()
                .allMatch(c -> c == FailureClass.RATE_LIMITED || c == FailureClass.QUOTA_EXHAUSTED);
        return new Problem(limited ? 429 : 502, "rotations_exhausted", "Provider '" + provider
                + "' did not serve this request: " + (tried.size() == 1 ? "the key tried failed: "
                : "each of the " + tried.size() + " keys tried failed: ") + each + ". A request may switch keys "
                + rotationsAllowed + " time" + (rotationsAllowed == 1 ? "" : "s") + " (maxRotations); " + usable
                + " other key" + (usable == 1 ? " is" : "s are") + " usable now: ask again.", details);
    }

    private String noKeyMessage() {
        String how = "Add one under its keys: in the keyring" + (env == null ? "" : " or set " + env)
                + ", or enable a disabled key.";
        if (keys.isEmpty()) {
            return "Provider '" + provider + "' has no key. " + how;
        }
        return "Provider '" + provider + "' has no enabled key (" + keys.stream().map(this::describe)
                .collect(Collectors.joining(", ")) + "). " + how;
    }

    private String headline() {
        boolean quota = keys.stream().allMatch(k -> k.cause() == FailureClass.QUOTA_EXHAUSTED);
        boolean limited = keys.stream().allMatch(k -> k.cause() == FailureClass.RATE_LIMITED);
        boolean either = keys.stream().allMatch(k -> k.cause() == FailureClass.QUOTA_EXHAUSTED
                || k.cause() == FailureClass.RATE_LIMITED);
        String all = keys.size() == 1 ? "The only key of '" + provider + "' is"
                : "All " + keys.size() + " keys of '" + provider + "' are";
        return all + (quota ? " out of quota" : limited ? " rate-limited"
                : either ? " rate-limited or out of quota" : " out");
    }

    private String describe(KeyOut key) {
        return key.id() + " (" + key.reason() + ")" + (key.backAt() == null ? "" : " until " + when(key.backAt()));
    }

    /** "14:05:30 UTC" today, "Mon 00:00 UTC" within the week, "Dec 1 09:12 UTC" later. */
    String when(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        ZonedDateTime today = now.atZone(ZoneOffset.UTC);
        if (t.toLocalDate().equals(today.toLocalDate())) {
            return TIME.format(t);
        }
        return Duration.between(now, at).toDays() < 6 ? DAY.format(t) : DATE.format(t);
    }

    /** "45 s", "12 min", "3 h 20 min", "2 d 6 h". */
    static String span(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }
}
