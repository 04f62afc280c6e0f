package org.keyrelay.usage;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A provider's {@code usage:} block of the keyring: which answer to ask each key for, where its numbers are, how often
 * and from what share a key counts as spent. Presets name the providers' own endpoints; the generic form names a
 * path and JSON pointers.
 *
 * @param preset  the preset's name, or "generic"
 * @param path    the endpoint, from the upstream's origin (scheme, host and port; the upstream's path is not added)
 * @param windows where each window's numbers are in the answer
 * @param every   at most one poll per key per this period (each round jittered by up to a tenth)
 * @param stopAt  the share of a limit (0-1] from which a polled window counts as spent
 */
public record UsagePoll(String preset, String path, List<UsageWindow> windows, Duration every, double stopAt) {

    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(5);
    public static final Duration MIN_EVERY = Duration.ofSeconds(10);
    public static final double DEFAULT_STOP_AT = 0.98;
    public static final List<String> PRESETS = List.of("kimi", "openrouter", "ollama");

    public UsagePoll {
        windows = List.copyOf(windows);
    }

    /**
     * A preset: {@code kimi} ({@code GET /coding/v1/usages}: the plan's {@code usage} as window weekly, its first
     * {@code limits} entry as window session), {@code openrouter} ({@code GET /api/v1/key}: {@code data.limit} and
     * {@code data.limit_remaining} as window credit), {@code ollama} ({@code GET /api/usage}: session and weekly usage
     * as 0-1 fractions).
     *
     * @throws IllegalArgumentException for an unknown name, naming the known ones
     */
    public static UsagePoll preset(String name, Duration every, double stopAt) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "kimi" -> new UsagePoll("kimi", "/coding/v1/usages", List.of(
                    new UsageWindow("weekly", "/usage/remaining", null, "/usage/limit", "/usage/resetTime", false),
                    new UsageWindow("session", "/limits/0/detail/remaining", null, "/limits/0/detail/limit",
                            "/limits/0/detail/resetTime", false)), every, stopAt);
            case "openrouter" -> new UsagePoll("openrouter", "/api/v1/key", List.of(
                    new UsageWindow("credit", "/data/limit_remaining", null, "/data/limit", null, false)), every, stopAt);
            case "ollama" -> new UsagePoll("ollama", "/api/usage", List.of(
                    new UsageWindow("session", null, "/session/used", null, "/session/resetAt", true),
                    new UsageWindow("weekly", null, "/weekly/used", null, "/weekly/resetAt", true)), every, stopAt);
            default -> throw new IllegalArgumentException("'" + name + "' is not one of " + String.join(", ", PRESETS));
        };
    }

    /** The generic form: one window ("usage") from an answer at {@code path}. */
    public static UsagePoll generic(String path, String remaining, String used, String limit, String resetAt,
                                    Duration every, double stopAt) {
        return new UsagePoll("generic", path, List.of(new UsageWindow("usage", remaining, used, limit, resetAt, false)),
                every, stopAt);
    }
}
