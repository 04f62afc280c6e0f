package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/**
 * How the CLI prints what the admin API answers: one line per key with a health bar,
 * {@code ● main  sk-ki…DigS  ██████████ 100%  active}, colour only on a terminal.
 */
final class KeyListing {

    private static final String RESET = "\u001b[0m";
    private static final Map<String, String> STATE_COLOURS = Map.of(
            "active", "\u001b[32m", "cooling", "\u001b[33m", "invalid", "\u001b[31m", "disabled", "\u001b[90m");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final PrintStream out;
    private final boolean colour;
    private final ZoneId zone;

    KeyListing(PrintStream out, boolean colour, ZoneId zone) {
        this.out = out;
        this.colour = colour;
        this.zone = zone;
    }

    /** A provider's heading and its keys, from {@code {"provider": ..., "keys": [...]}}. */
    void provider(JsonNode answer) {
        JsonNode p = answer.get("provider");
        out.println(p.path("id").asText() + "  " + p.path("strategy").asText() + "  " + p.path("usableNow").asInt()
                + " of " + p.path("keys").asInt() + " keys usable  (" + p.path("upstream").asText() + ")");
        int idWidth = 4;
        for (JsonNode k : answer.path("keys")) {
            idWidth = Math.max(idWidth, name(k).length());
        }
        for (JsonNode k : answer.path("keys")) {
            out.println("  " + key(k, idWidth));
        }
        if (answer.path("keys").isEmpty()) {
            out.println("  (no keys: keyrelay keys add " + p.path("id").asText() + " SECRET)");
        }
    }

    /** The key's id, and its label beside it when it has one: {@code main "Work account"}. */
    private static String name(JsonNode k) {
        return k.path("id").asText() + (k.hasNonNull("label") ? " \"" + k.get("label").asText() + "\"" : "");
    }

    /** One key: dot, id (and label), masked secret, health bar, state and why, and whether it is the key in use. */
    String key(JsonNode k, int idWidth) {
        String state = k.path("state").asText();
        int health = k.path("health").asInt();
        StringBuilder sb = new StringBuilder();
        sb.append(paint(state, "●")).append(' ')
                .append(pad(name(k), idWidth)).append("  ")
                .append(pad(k.path("secret").asText(), 11)).append("  ")
                .append(paint(state, bar(health))).append(' ')
                .append(String.format("%3d%%", health)).append("  ")
                .append(paint(state, state));
        boolean out = !"active".equals(state) || !k.path("usable").asBoolean(true); // a spent key is active but out
        if (!k.path("until").isNull() && !k.path("until").isMissingNode() && out) {
            sb.append(" until ").append(TIME.format(Instant.parse(k.get("until").asText()).atZone(zone)));
        }
        if (k.hasNonNull("reason") && out) {
            sb.append(" (").append(k.get("reason").asText()).append(')');
        }
        if ("added".equals(k.path("source").asText())) {
            sb.append("  [added]");
        }
        if (k.path("inUse").asBoolean(false)) {
            sb.append("  ◀ in use");
        }
        for (JsonNode q : k.path("quotas")) {
            sb.append(System.lineSeparator()).append(" ".repeat(idWidth + 6)).append(q.path("text").asText());
        }
        return sb.toString();
    }

    /** A short confirmation for one key after a change. */
    void changed(String what, JsonNode k) {
        out.println(what + " " + k.path("provider").asText() + "/" + k.path("id").asText() + ": " + key(k, 0).substring(2).strip());
    }

    /** The statistics of every provider ({@code provider} null), or of the one named. */
    void stats(JsonNode stats, String provider) {
        if (provider == null) {
            JsonNode t = stats.path("totals");
            out.println("all providers: " + t.path("requests").asLong() + " requests, " + t.path("successes").asLong()
                    + " successes" + failures(t.path("failures")));
        }
        for (JsonNode p : stats.path("providers")) {
            JsonNode pt = p.path("totals");
            out.println(p.path("id").asText() + "  " + p.path("strategy").asText() + "  " + p.path("usableNow").asInt()
                    + " usable: " + pt.path("requests").asLong() + " requests, " + pt.path("successes").asLong()
                    + " successes" + failures(pt.path("failures")));
            out.println(String.format(STATS_ROW, "", "KEY", "SECRET", "HEALTH", "REQUESTS", "SUCCESS", "TODAY",
                    "7 DAYS", "AVG", "P50", "P95", "TTFB AVG", "TTFB P50", "TTFB P95", "TOKENS IN", "OUT"));
            for (JsonNode k : p.path("keys")) {
                JsonNode latency = k.path("latency");
                JsonNode firstByte = k.path("timeToFirstByte");
                out.println(String.format(STATS_ROW, paint(k.path("state").asText(), "●"), k.path("id").asText(),
                        k.path("secret").asText(), k.path("health").asInt() + "%", k.path("requests").asLong(),
                        k.hasNonNull("successRate") ? String.format("%.1f%%", k.get("successRate").asDouble()) : "-",
                        k.path("requestsToday").asLong(), k.path("requestsLast7Days").asLong(),
                        millis(latency, "averageMillis"), millis(latency, "p50Millis"), millis(latency, "p95Millis"),
                        millis(firstByte, "averageMillis"), millis(firstByte, "p50Millis"),
                        millis(firstByte, "p95Millis"), k.path("tokensIn").asLong(),
                        k.path("tokensOut").asLong()) + failures(k.path("failures"))
                        + (k.hasNonNull("label") ? "  \"" + k.get("label").asText() + "\"" : "")
                        + (k.hasNonNull("reason") ? "  out: " + k.get("reason").asText() : ""));
                out.println("      " + k.path("successes").asLong() + " successes, last used "
                        + when(k.path("lastUsed")) + lastFailure(k.path("lastFailure")));
                for (JsonNode q : k.path("quotas")) {
                    out.println("      " + q.asText());
                }
            }
        }
    }

    /** One row of {@code keys stats}: a key's counters, rate, latencies and tokens in columns. */
    private static final String STATS_ROW = "  %s %-12s %-11s %6s %8s %7s %6s %6s %7s %7s %7s %8s %8s %8s %9s %8s";

    /** An instant of the admin API's, in this listing's zone; "never" for none. */
    private String when(JsonNode instant) {
        return instant.isTextual() ? TIME.format(Instant.parse(instant.asText()).atZone(zone)) : "never";
    }

    /** ", last failure 2026-11-30 10:00:00 rate limited (HTTP 429)", or "" for none. */
    private String lastFailure(JsonNode f) {
        return f.isObject() ? ", last failure " + when(f.path("at")) + " " + f.path("cause").asText().replace('_', ' ')
                + (f.hasNonNull("reason") ? " (" + f.get("reason").asText() + ")" : "") : ", no failure";
    }

    /** A latency in milliseconds, or "-" before the first answer. */
    private static String millis(JsonNode summary, String field) {
        return summary.path("samples").asInt() == 0 ? "-" : Math.round(summary.path(field).asDouble()) + " ms";
    }

    private static String failures(JsonNode failures) {
        StringBuilder sb = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = failures.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sb.append(", ").append(e.getValue().asLong()).append(' ').append(e.getKey().replace('_', ' '));
        }
        return sb.toString();
    }

    static String bar(int health) {
        int full = Math.max(0, Math.min(10, Math.round(health / 10f)));
        return "█".repeat(full) + "░".repeat(10 - full);
    }

    private String paint(String state, String text) {
        return colour ? STATE_COLOURS.getOrDefault(state, "") + text + RESET : text;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
