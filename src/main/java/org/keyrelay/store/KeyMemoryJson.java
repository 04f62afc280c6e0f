package org.keyrelay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyState;
import org.keyrelay.pool.KeyUsage;
import org.keyrelay.pool.LastFailure;
import org.keyrelay.usage.Budget;
import org.keyrelay.usage.Budgets;

/**
 * One key's memory as JSON, the same in the state file and in an export: state, cooldown, health, counters,
 * daily requests and tokens, budgets by window. Never a secret. Fields missing from older files read as their
 * defaults; a budget that does not read is dropped.
 */
public final class KeyMemoryJson {

    private KeyMemoryJson() {
    }

    public static ObjectNode write(KeyMemory k, ObjectNode n) {
        n.put("state", k.state().label());
        n.put("until", k.until() == null ? null : k.until().toString());
        n.put("cause", k.cause() == null ? null : k.cause().name());
        n.put("reason", k.reason());
        n.put("health", k.health());
        n.put("healthSince", k.healthSince() == null ? null : k.healthSince().toString());
        n.put("consecutiveRateLimits", k.consecutiveRateLimits());
        ObjectNode models = n.putObject("modelCooldowns");
        k.modelCooldowns().forEach((model, until) -> models.put(model, until.toString()));
        n.put("requests", k.requests());
        n.put("successes", k.successes());
        ObjectNode failures = n.putObject("failures");
        k.failures().forEach((cls, count) -> failures.put(cls.name(), count));
        ObjectNode days = n.putObject("requestsByDay");
        k.usage().requestsByDay().forEach((day, count) -> days.put(day.toString(), count));
        ObjectNode tokens = n.putObject("tokens");
        tokens.put("in", k.usage().tokensIn());
        tokens.put("out", k.usage().tokensOut());
        if (!k.budgets().isEmpty()) {
            writeBudgets(k.budgets(), n.putObject("budgets"));
        }
        if (k.lastUsed() != null) {
            n.put("lastUsed", k.lastUsed().toString());
        }
        if (k.lastFailure() != null) {
            ObjectNode f = n.putObject("lastFailure");
            f.put("at", k.lastFailure().at().toString());
            f.put("class", k.lastFailure().failureClass().name());
            f.put("reason", k.lastFailure().reason());
        }
        return n;
    }

    /** Budgets by window: {"requests": {"limit": 50, "remaining": 0, "resetAt": "...", "seenAt": "...", "stopAt": 1}}. */
    public static ObjectNode writeBudgets(Budgets budgets, ObjectNode n) {
        for (Budget b : budgets.inOrder()) {
            ObjectNode w = n.putObject(b.window());
            w.put("limit", b.limit());
            w.put("remaining", b.remaining());
            w.put("resetAt", b.resetAt().toString());
            w.put("seenAt", b.seenAt().toString());
            w.put("stopAt", b.stopAt());
        }
        return n;
    }

    /** What {@link #writeBudgets} wrote; a window that does not read is left out. */
    public static Budgets readBudgets(JsonNode n) {
        List<Budget> budgets = new ArrayList<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> {
                JsonNode w = e.getValue();
                try {
                    budgets.add(new Budget(e.getKey(), w.path("limit").asDouble(), w.path("remaining").asDouble(),
                            Instant.parse(w.path("resetAt").asText()), Instant.parse(w.path("seenAt").asText()),
                            w.path("stopAt").asDouble(1)));
                } catch (RuntimeException unreadable) {
                    // dropped: the next report states it again
                }
            });
        }
        return Budgets.of(budgets);
    }

    public static KeyMemory read(String id, JsonNode n) {
        Map<String, Instant> models = new LinkedHashMap<>();
        n.path("modelCooldowns").fields().forEachRemaining(e -> models.put(e.getKey(), Instant.parse(e.getValue().asText())));
        Map<FailureClass, Long> failures = new EnumMap<>(FailureClass.class);
        n.path("failures").fields().forEachRemaining(e -> failures.put(FailureClass.valueOf(e.getKey()), e.getValue().asLong()));
        Map<LocalDate, Long> days = new TreeMap<>();
        n.path("requestsByDay").fields().forEachRemaining(e -> days.put(LocalDate.parse(e.getKey()), e.getValue().asLong()));
        return new KeyMemory(id,
                KeyState.valueOf(n.path("state").asText("active").toUpperCase(Locale.ROOT)),
                n.hasNonNull("until") ? Instant.parse(n.get("until").asText()) : null,
                n.hasNonNull("cause") ? FailureClass.valueOf(n.get("cause").asText()) : null,
                n.hasNonNull("reason") ? n.get("reason").asText() : null,
                n.path("health").asInt(100),
                n.path("consecutiveRateLimits").asInt(0),
                models,
                n.path("requests").asLong(),
                n.path("successes").asLong(),
                failures,
                n.hasNonNull("healthSince") ? Instant.parse(n.get("healthSince").asText()) : null,
                KeyUsage.of(days, n.path("tokens").path("in").asLong(), n.path("tokens").path("out").asLong()),
                readBudgets(n.get("budgets")),
                n.hasNonNull("lastUsed") ? Instant.parse(n.get("lastUsed").asText()) : null,
                lastFailure(n.get("lastFailure")));
    }

    /** What {@link #write} wrote of the last failure; null when absent or unreadable (it is only shown). */
    private static LastFailure lastFailure(JsonNode f) {
        if (f == null || !f.isObject()) {
            return null;
        }
        try {
            return new LastFailure(Instant.parse(f.path("at").asText()), FailureClass.valueOf(f.path("class").asText()),
                    f.hasNonNull("reason") ? f.get("reason").asText() : null);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
