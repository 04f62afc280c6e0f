package org.keyrelay.store.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.Health;
import org.keyrelay.pool.KeyChange;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyOp;
import org.keyrelay.pool.KeyRecord;
import org.keyrelay.pool.KeyRules;
import org.keyrelay.pool.KeyState;
import org.keyrelay.pool.KeyUsage;
import org.keyrelay.pool.Probation;

/**
 * Where and how the shared key state sits in Redis; key ids and provider ids only, never a secret.
 * <pre>
 * keyrelay:providers                 set   provider ids
 * keyrelay:{provider}:keys           set   key ids of the provider
 * keyrelay:{provider}:key:{id}       hash  state, until, cause, reason, health, since, streak, models (JSON: model to
 *                                          epoch ms), rev; counters requests, successes, f:CLASS, tin, tout
 * keyrelay:{provider}:key:{id}:days  hash  yyyy-mm-dd to requests (UTC days, the last 7)
 * keyrelay:{provider}:turn           int   the round-robin counter all instances take their turns from (INCR)
 * keyrelay:events                    channel: a key's record (JSON) after each change, from cas.lua
 * </pre>
 * The record fields change only by compare-and-set on {@code rev} (cas.lua), with a record the instance computed by
 * the pool's own rules; counters only by sums (count.lua).
 * Instants are epoch milliseconds; {@code {provider}} is a Redis hash tag, so one provider's keys sit together.
 */
final class RedisLayout {

    static final String CHANNEL = "keyrelay:events";
    static final String PROVIDERS = "keyrelay:providers";
    static final int DAYS_KEPT = 7;

    private RedisLayout() {
    }

    static String key(String provider, String keyId) {
        return "keyrelay:{" + provider + "}:key:" + keyId;
    }

    static String days(String provider, String keyId) {
        return key(provider, keyId) + ":days";
    }

    static String keys(String provider) {
        return "keyrelay:{" + provider + "}:keys";
    }

    static String turn(String provider) {
        return "keyrelay:{" + provider + "}:turn";
    }

    /** The keys count.lua works on. */
    static List<String> countKeys(String provider, String keyId) {
        return List.of(key(provider, keyId), days(provider, keyId), keys(provider), PROVIDERS);
    }

    /** The keys cas.lua works on. */
    static List<String> casKeys(String provider, String keyId) {
        return List.of(key(provider, keyId), keys(provider), PROVIDERS);
    }

    static String script(String name) {
        try (InputStream in = RedisLayout.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("script " + name + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** count.lua's arguments for a change's counts (see the script); null when there is nothing to count. */
    static List<String> countArgs(KeyChange change) {
        KeyOp.Tally t = change.tally();
        if (t.isEmpty()) {
            return null;
        }
        LocalDate today = LocalDate.ofInstant(change.at(), ZoneOffset.UTC);
        List<String> args = new ArrayList<>(List.of(change.provider(), change.keyId(), today.toString(),
                today.minusDays(DAYS_KEPT - 1).toString()));
        addCount(args, "requests", t.requests());
        addCount(args, "day", t.requests());
        addCount(args, "successes", t.successes());
        if (t.failure() != null) {
            addCount(args, "f:" + t.failure().name(), 1);
        }
        addCount(args, "tin", t.tokensIn());
        addCount(args, "tout", t.tokensOut());
        return args;
    }

    private static void addCount(List<String> args, String field, long amount) {
        if (amount != 0) {
            args.add(field);
            args.add(Long.toString(amount));
        }
    }

    /** A record's fields as the hash holds them (an empty value: no such field). */
    static Map<String, String> fields(KeyRecord r, ObjectMapper json) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("state", r.state().name());
        f.put("until", r.until() == null ? "" : ms(r.until()));
        f.put("cause", r.cause() == null ? "" : r.cause().name());
        f.put("reason", r.reason() == null ? "" : r.reason());
        f.put("health", Integer.toString(r.health().base()));
        f.put("since", r.health().since() == null ? "" : ms(r.health().since()));
        f.put("streak", Integer.toString(r.streak()));
        Map<String, String> models = new TreeMap<>();
        r.modelCooldowns().forEach((model, until) -> models.put(model, ms(until)));
        f.put("models", write(models, json));
        return f;
    }

    /**
     * cas.lua's arguments: write {@code fields} if the hash is still at {@code revision} (0: none; {@code absent}:
     * only if Redis does not know the key at all), and publish the record.
     */
    static List<String> casArgs(String origin, String provider, String keyId, long revision, boolean absent,
                                Map<String, String> fields, ObjectMapper json) {
        Map<String, String> message = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (!v.isEmpty() && !k.startsWith("f:") && !Set.of("requests", "successes", "tin", "tout").contains(k)) {
                message.put(k, v);
            }
        });
        message.put("o", origin);
        message.put("p", provider);
        message.put("k", keyId);
        List<String> args = new ArrayList<>(List.of(CHANNEL, Long.toString(revision), absent ? "1" : "0",
                write(message, json), provider, keyId));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return args;
    }

    /** An instance's whole memory of a key (record and counters), for a Redis that has none. */
    static Map<String, String> seedFields(KeyMemory m, Instant now, ObjectMapper json) {
        KeyRecord r = KeyRules.restored(KeyRecord.fresh(m.id()), m, now);
        Map<String, String> fields = fields(r, json);
        fields.put("requests", Long.toString(m.requests()));
        fields.put("successes", Long.toString(m.successes()));
        m.failures().forEach((c, count) -> fields.put("f:" + c.name(), Long.toString(count)));
        fields.put("tin", Long.toString(m.usage().tokensIn()));
        fields.put("tout", Long.toString(m.usage().tokensOut()));
        return fields;
    }

    /** A key's requests per day as pairs (day, requests), for a Redis that has none. */
    static Map<String, String> seedDays(KeyMemory m) {
        Map<String, String> days = new LinkedHashMap<>();
        m.usage().requestsByDay().forEach((day, count) -> days.put(day.toString(), Long.toString(count)));
        return days;
    }

    private static String write(Object value, ObjectMapper json) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key's memory from its hash and its days (for a starting gateway's restore); null for an empty hash. */
    static KeyMemory memory(String keyId, Map<String, String> h, Map<String, String> days, ObjectMapper json) {
        if (h.isEmpty()) {
            return null;
        }
        Map<FailureClass, Long> failures = new EnumMap<>(FailureClass.class);
        for (FailureClass c : FailureClass.values()) {
            String n = h.get("f:" + c.name());
            if (n != null) {
                failures.put(c, Long.parseLong(n));
            }
        }
        Map<LocalDate, Long> byDay = new TreeMap<>();
        days.forEach((day, n) -> byDay.put(LocalDate.parse(day), Long.parseLong(n)));
        return new KeyMemory(keyId, state(h.get("state")), instant(h.get("until")), cause(h.get("cause")),
                h.get("reason"), integer(h.get("health"), 100), integer(h.get("streak"), 0),
                models(h.get("models"), json), longValue(h.get("requests")), longValue(h.get("successes")), failures,
                instant(h.get("since")), KeyUsage.of(byDay, longValue(h.get("tin")), longValue(h.get("tout"))));
    }

    /** A key's record from its hash (the shared store's); a fresh one at revision 0 when it holds no record yet. */
    static KeyRecord record(String keyId, Map<String, String> h, ObjectMapper json) {
        if (h.get("rev") == null) {
            return KeyRecord.fresh(keyId);
        }
        Instant since = instant(h.get("since"));
        int health = integer(h.get("health"), Health.FULL);
        return new KeyRecord(keyId, state(h.get("state")), instant(h.get("until")), cause(h.get("cause")),
                h.get("reason"), new Health(health, since), integer(h.get("streak"), 0),
                models(h.get("models"), json), Probation.NONE, Long.parseLong(h.get("rev")));
    }

    /** What an instance heard on the channel: whose record of which key. */
    record Heard(String provider, String origin, KeyRecord record) {}

    /** A message from the channel; null when it is not one of ours. */
    static Heard message(String text, ObjectMapper json) throws IOException {
        JsonNode n = json.readTree(text);
        if (n == null || !n.hasNonNull("p") || !n.hasNonNull("k") || !n.hasNonNull("rev")) {
            return null;
        }
        Map<String, String> h = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isNull()) {
                h.put(f.getKey(), f.getValue().asText());
            }
        }
        return new Heard(h.get("p"), h.getOrDefault("o", "?"), record(h.get("k"), h, json));
    }

    private static Map<String, Instant> models(String text, ObjectMapper json) {
        Map<String, Instant> models = new HashMap<>();
        if (text == null || text.isBlank()) {
            return models;
        }
        try {
            JsonNode n = json.readTree(text);
            // cjson writes an empty table as {} (an object), and never an array for ours
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                models.put(f.getKey(), Instant.ofEpochMilli(Long.parseLong(f.getValue().asText())));
            }
        } catch (IOException | NumberFormatException e) {
            // a model cooldown that does not read is dropped: the key serves that model again
        }
        return models;
    }

    static String ms(Instant at) {
        return Long.toString(at.toEpochMilli());
    }

    private static Instant instant(String ms) {
        return ms == null ? null : Instant.ofEpochMilli(Long.parseLong(ms));
    }

    private static KeyState state(String name) {
        if (name == null) {
            return KeyState.ACTIVE;
        }
        try {
            return KeyState.valueOf(name);
        } catch (IllegalArgumentException e) {
            return KeyState.ACTIVE;
        }
    }

    private static FailureClass cause(String name) {
        if (name == null) {
            return null;
        }
        try {
            return FailureClass.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int integer(String n, int otherwise) {
        return n == null ? otherwise : (int) Double.parseDouble(n);
    }

    private static long longValue(String n) {
        return n == null ? 0 : Long.parseLong(n);
    }
}
