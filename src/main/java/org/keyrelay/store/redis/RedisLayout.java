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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyChange;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyState;
import org.keyrelay.pool.KeyUsage;
import org.keyrelay.pool.SharedKey;

/**
 * Where and how the shared key state sits in Redis; key ids and provider ids only, never a secret.
 * <pre>
 * keyrelay:providers                 set   provider ids
 * keyrelay:{provider}:keys           set   key ids of the provider
 * keyrelay:{provider}:key:{id}       hash  state, until, cause, reason, health, since, streak, models (JSON: model to
 *                                          epoch ms), rev; counters requests, successes, f:CLASS, tin, tout
 * keyrelay:{provider}:key:{id}:days  hash  yyyy-mm-dd to requests (UTC days, the last 7)
 * keyrelay:{provider}:turn           int   the round-robin counter all instances take their turns from (INCR)
 * keyrelay:events                    channel: a key's shared state (JSON) after each change, from update.lua
 * </pre>
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

    /** The four keys update.lua and seed.lua work on. */
    static String[] scriptKeys(String provider, String keyId) {
        return new String[] {key(provider, keyId), days(provider, keyId), keys(provider), PROVIDERS};
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

    /** update.lua's arguments for {@code change} (see the script for their order). */
    static List<String> updateArgs(String origin, KeyChange change) {
        List<String> args = new ArrayList<>(16);
        LocalDate today = LocalDate.ofInstant(change.at(), ZoneOffset.UTC);
        args.add(CHANNEL);
        args.add(origin);
        args.add(change.provider());
        args.add(change.keyId());
        args.add(Long.toString(change.at().toEpochMilli()));
        args.add(today.toString());
        args.add(today.minusDays(DAYS_KEPT - 1).toString());
        List<String> counters = new ArrayList<>(8);
        KeyChange.Tally t = change.tally();
        if (t.requests() != 0) {
            counters.add("requests");
            counters.add(Long.toString(t.requests()));
            counters.add("day");
            counters.add(Long.toString(t.requests()));
        }
        if (t.successes() != 0) {
            counters.add("successes");
            counters.add(Long.toString(t.successes()));
        }
        if (t.failure() != null) {
            counters.add("f:" + t.failure().name());
            counters.add("1");
        }
        if (t.tokensIn() != 0) {
            counters.add("tin");
            counters.add(Long.toString(t.tokensIn()));
        }
        if (t.tokensOut() != 0) {
            counters.add("tout");
            counters.add(Long.toString(t.tokensOut()));
        }
        args.add(Integer.toString(counters.size() / 2));
        args.addAll(counters);
        for (KeyChange.Op op : change.ops()) {
            op(op, args);
        }
        return args;
    }

    private static void op(KeyChange.Op op, List<String> args) {
        if (op instanceof KeyChange.Cool c) {
            args.addAll(List.of("cool", ms(c.until()), c.cause().name(), c.reason()));
        } else if (op instanceof KeyChange.Invalidate v) {
            args.addAll(List.of("invalid", ms(v.probeAt()), v.reason()));
        } else if (op instanceof KeyChange.NextProbe p) {
            args.addAll(List.of("probe", ms(p.next())));
        } else if (op instanceof KeyChange.Clear c) {
            args.addAll(List.of("clear", c.reason()));
        } else if (op instanceof KeyChange.Disable d) {
            args.addAll(List.of("disable", d.reason()));
        } else if (op instanceof KeyChange.Enable e) {
            args.addAll(List.of("enable", e.reason()));
        } else if (op instanceof KeyChange.Reset r) {
            args.addAll(List.of("reset", r.reason()));
        } else if (op instanceof KeyChange.CoolModel m) {
            args.addAll(List.of("model", m.model(), ms(m.until())));
        } else if (op instanceof KeyChange.HealthDelta h) {
            args.addAll(List.of("health", Integer.toString(h.delta()), Integer.toString(h.points()),
                    Long.toString(Math.max(1, h.every().toMillis()))));
        } else if (op instanceof KeyChange.Streak s) {
            args.addAll(List.of("streak", s.up() ? "up" : "end"));
        } else {
            throw new IllegalArgumentException("no Redis form for " + op);
        }
    }

    /** seed.lua's arguments: an instance's memory of a key, for a Redis that has none. */
    static List<String> seedArgs(String origin, String provider, KeyMemory m, ObjectMapper json) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("state", m.state().name());
        if (m.until() != null) {
            fields.put("until", ms(m.until()));
        }
        if (m.cause() != null) {
            fields.put("cause", m.cause().name());
        }
        if (m.reason() != null) {
            fields.put("reason", m.reason());
        }
        fields.put("health", Integer.toString(m.health()));
        if (m.healthSince() != null) {
            fields.put("since", ms(m.healthSince()));
        }
        fields.put("streak", Integer.toString(m.consecutiveRateLimits()));
        Map<String, String> models = new TreeMap<>();
        m.modelCooldowns().forEach((model, until) -> models.put(model, ms(until)));
        try {
            fields.put("models", json.writeValueAsString(models));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fields.put("requests", Long.toString(m.requests()));
        fields.put("successes", Long.toString(m.successes()));
        m.failures().forEach((c, count) -> fields.put("f:" + c.name(), Long.toString(count)));
        fields.put("tin", Long.toString(m.usage().tokensIn()));
        fields.put("tout", Long.toString(m.usage().tokensOut()));
        List<String> args = new ArrayList<>();
        args.add(CHANNEL);
        args.add(origin);
        args.add(provider);
        args.add(m.id());
        args.add(Integer.toString(fields.size()));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        m.usage().requestsByDay().forEach((day, count) -> {
            args.add(day.toString());
            args.add(Long.toString(count));
        });
        return args;
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

    /** A key's shared state from its hash (a reload); null for a hash that holds no state yet. */
    static SharedKey shared(String provider, String keyId, Map<String, String> h, ObjectMapper json) {
        if (h.get("rev") == null) {
            return null;
        }
        return new SharedKey(provider, keyId, Long.parseLong(h.get("rev")), "redis", state(h.get("state")),
                instant(h.get("until")), cause(h.get("cause")), h.get("reason"), integer(h.get("health"), 100),
                instant(h.get("since")), integer(h.get("streak"), 0), models(h.get("models"), json));
    }

    /** A message from the channel; null when it is not one of ours. */
    static SharedKey message(String text, ObjectMapper json) throws IOException {
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
        SharedKey s = shared(h.get("p"), h.get("k"), h, json);
        return new SharedKey(s.provider(), s.keyId(), s.revision(), h.getOrDefault("o", "?"), s.state(), s.until(),
                s.cause(), s.reason(), s.health(), s.healthSince(), s.streak(), s.modelCooldowns());
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
