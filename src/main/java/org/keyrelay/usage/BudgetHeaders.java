package org.keyrelay.usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.keyrelay.failure.RetryAfter;

/**
 * Reads a key's budgets from the rate-limit headers of any upstream answer (2xx included: the headers come first).
 * The header families, by window:
 * <ul>
 *   <li>OpenAI and compatible: {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}}, resets as Go durations
 *       ({@code 6m0s}, {@code 20ms});</li>
 *   <li>Moonshot, OpenRouter and other servers: {@code x-ratelimit-{limit,remaining,reset}} (window {@code requests}),
 *       resets as seconds or epoch seconds / millis;</li>
 *   <li>Anthropic: {@code anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}},
 *       resets as RFC 3339 times.</li>
 * </ul>
 * A window counts only when its {@code remaining} reads as a number; its reset is read by
 * {@link RetryAfter#resetValue} (one reader of reset values), and a window without a readable reset is taken to reset
 * {@link #DEFAULT_RESET} after the answer. Lenient: nothing here throws on an upstream's values.
 */
public final class BudgetHeaders {

    /** The usual rate-limit window, for a remaining count that comes without its reset. */
    public static final Duration DEFAULT_RESET = Duration.ofMinutes(1);

    private static final List<String> ANTHROPIC_WINDOWS = List.of("requests", "tokens", "input-tokens", "output-tokens");

    private BudgetHeaders() {
    }

    /** The budgets {@code headers} state, read at {@code now}; empty when they state none. */
    public static List<Budget> read(Map<String, List<String>> headers, Instant now) {
        if (headers == null || !anyBudgetHeader(headers)) {
            return List.of(); // most answers: nothing to read, nothing copied (this runs on every answer)
        }
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && values != null && !values.isEmpty()) {
                h.putIfAbsent(name, values.get(0));
            }
        });
        List<Budget> out = new ArrayList<>(2);
        for (String w : List.of("requests", "tokens")) {
            add(out, w, h.get("x-ratelimit-limit-" + w), h.get("x-ratelimit-remaining-" + w),
                    h.get("x-ratelimit-reset-" + w), now);
        }
        if (out.stream().noneMatch(b -> b.window().equals("requests"))) {
            add(out, "requests", h.get("x-ratelimit-limit"), h.get("x-ratelimit-remaining"), h.get("x-ratelimit-reset"),
                    now);
        }
        for (String w : ANTHROPIC_WINDOWS) {
            String prefix = "anthropic-ratelimit-" + w + "-";
            add(out, w, h.get(prefix + "limit"), h.get(prefix + "remaining"), h.get(prefix + "reset"), now);
        }
        return out;
    }

    private static boolean anyBudgetHeader(Map<String, List<String>> headers) {
        for (String name : headers.keySet()) {
            if (name != null && (name.regionMatches(true, 0, "x-ratelimit-", 0, 12)
                    || name.regionMatches(true, 0, "anthropic-ratelimit-", 0, 20))) {
                return true;
            }
        }
        return false;
    }

    private static void add(List<Budget> out, String window, String limit, String remaining, String reset,
                            Instant now) {
        Double left = number(remaining);
        if (left == null) {
            return;
        }
        Double size = number(limit);
        Instant resetAt = reset == null ? null : RetryAfter.resetValue(reset.strip(), now).orElse(null);
        out.add(new Budget(window, size == null || size < 0 ? 0 : size, left,
                resetAt == null ? now.plus(DEFAULT_RESET) : resetAt, now, 1));
    }

    private static Double number(String text) {
        if (text == null) {
            return null;
        }
        try {
            double n = new BigDecimal(text.strip().toLowerCase(Locale.ROOT)).doubleValue();
            return Double.isFinite(n) ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
