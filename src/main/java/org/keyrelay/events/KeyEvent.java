package org.keyrelay.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One key event as the routes, the {@code /admin/events} stream and {@code keyrelay keys watch} see it: the JSON form,
 * in one class. Key ids, provider ids, causes, models and reasons only, never a secret.
 * <p>
 * {@code {"type":"cooled","at":"2026-11-30T18:00:00Z","provider":"kimi","key":"k1","cause":"rate_limited",
 * "backAt":"2026-11-30T18:01:00Z","reason":"..."}}; a field without a value is left out.
 *
 * @param type     what happened
 * @param at       when the gateway saw it
 * @param provider the provider's id
 * @param key      the key's id; null for the pool ({@link Type#POOL_EXHAUSTED}, {@link Type#POOL_USABLE}) and
 *                 {@link Type#ROTATED} (see from / to)
 * @param cause    the failure class that put the key out (lower case), or why a request left a key
 * @param backAt   when the key (or, for the pool, its first key) is back; null when only an operator brings it back
 * @param model    the model cooled on the key ({@link Type#MODEL_COOLED})
 * @param from     the key a request left ({@link Type#ROTATED})
 * @param to       the key it went to ({@link Type#ROTATED})
 * @param reason   why, in words
 */
public record KeyEvent(Type type, Instant at, String provider, String key, String cause, Instant backAt, String model,
                       String from, String to, String reason) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every kind of key event; {@link #wire()} is its name in the JSON and the routes' header. */
    public enum Type {
        /** A key is out until {@code backAt}, for {@code cause} (rate limited, quota, transient). */
        COOLED,
        /** A key is back in rotation (its cooldown is over, or a success brought it back). */
        RECOVERED,
        /** A key was rejected as invalid; {@code backAt} is its next probe. */
        INVALID,
        /** One model is cooled on a key until {@code backAt}; the key serves other models. */
        MODEL_COOLED,
        /** A key's usage budget is spent until {@code backAt} (usage-aware rotation decides it). */
        SPENT,
        /** An operator enabled a key. */
        ENABLED,
        /** An operator disabled a key. */
        DISABLED,
        /** An operator reset a key's failures. */
        RESET,
        /** A key joined the pool (an operator, or a reloaded keyring). */
        ADDED,
        /** A key left the pool (an operator, or a reloaded keyring). */
        REMOVED,
        /** No key of the provider is usable; {@code backAt} is when the first comes back, if one does by itself. */
        POOL_EXHAUSTED,
        /** A key of a provider that had none usable is usable again. */
        POOL_USABLE,
        /** A request left key {@code from} for key {@code to}, because of {@code cause}. */
        ROTATED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static KeyEvent ofKey(Type type, Instant at, String provider, String key, String cause, Instant backAt,
                                 String reason) {
        return new KeyEvent(type, at, provider, key, cause, backAt, null, null, null, reason);
    }

    /** An event read back from its JSON form (a client of {@code /admin/events}). */
    public static KeyEvent fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new KeyEvent(Type.valueOf(n.path("type").asText().toUpperCase(Locale.ROOT)),
                    Instant.parse(n.path("at").asText()), text(n, "provider"), text(n, "key"), text(n, "cause"),
                    n.hasNonNull("backAt") ? Instant.parse(n.path("backAt").asText()) : null, text(n, "model"),
                    text(n, "from"), text(n, "to"), text(n, "reason"));
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a key event: " + json, e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.path(field).asText() : null;
    }

    /** The JSON form: one line, fields without a value left out. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type.wire());
        m.put("at", at.toString());
        m.put("provider", provider);
        put(m, "key", key);
        put(m, "cause", cause);
        put(m, "backAt", backAt == null ? null : backAt.toString());
        put(m, "model", model);
        put(m, "from", from);
        put(m, "to", to);
        put(m, "reason", reason);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a key event could not be written as JSON", e);
        }
    }

    /** One readable line, such as {@code kimi/k1 cooled: rate_limited, back at 2026-11-30T18:01:00Z (429 ...)}. */
    public String describe() {
        StringBuilder s = new StringBuilder(provider);
        if (key != null) {
            s.append('/').append(key);
        }
        s.append(' ').append(type.wire());
        if (type == Type.ROTATED) {
            s.append(' ').append(from).append(" -> ").append(to);
        }
        if (model != null) {
            s.append(" for model ").append(model);
        }
        if (cause != null) {
            s.append(": ").append(cause);
        }
        if (backAt != null) {
            s.append(cause != null ? ", " : ": ").append("back at ").append(backAt);
        }
        if (reason != null && !reason.isEmpty()) {
            s.append(" (").append(reason).append(')');
        }
        return s.toString();
    }

    private static void put(Map<String, Object> m, String name, Object value) {
        if (value != null) {
            m.put(name, value);
        }
    }
}
