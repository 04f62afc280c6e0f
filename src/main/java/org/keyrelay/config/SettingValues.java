package org.keyrelay.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed settings from a source of text values (an application's properties, Karaf's {@code etc/org.keyrelay.cfg}),
 * read the one way every runtime of the gateway reads them: a blank value is an absent one (its default applies),
 * and a bad one is refused with an error that names where it was written, the setting and the value, and says what
 * is allowed: {@code etc/org.keyrelay.cfg: port: 'eighty' is not a port (1-65535)}.
 */
public final class SettingValues {

    private final String where;
    private final String prefix;
    private final Function<String, Optional<String>> source;

    private SettingValues(String where, String prefix, Function<String, Optional<String>> source) {
        this.where = where;
        this.prefix = prefix;
        this.source = source;
    }

    /**
     * @param where  where the values are written, for errors ({@code etc/org.keyrelay.cfg}), or null when the name
     *               says it ({@code keyrelay.port} in an application's properties)
     * @param prefix what the source's names start with ({@code keyrelay.}, or empty)
     * @param source the value of a full name, empty when there is none
     */
    public static SettingValues of(String where, String prefix, Function<String, Optional<String>> source) {
        return new SettingValues(where == null ? "" : where + ": ", prefix, source);
    }

    /** The value of {@code key} (without the prefix), stripped; empty when absent or blank. */
    public Optional<String> text(String key) {
        return source.apply(prefix + key).map(String::strip).filter(v -> !v.isEmpty());
    }

    public String text(String key, String fallback) {
        return text(key).orElse(fallback);
    }

    /** A comma-separated list; blank entries are left out. */
    public List<String> list(String key) {
        List<String> out = new ArrayList<>();
        for (String entry : text(key, "").split(",")) {
            if (!entry.isBlank()) {
                out.add(entry.strip());
            }
        }
        return out;
    }

    public int port(String key, int fallback) {
        return (int) number(key, fallback, 1, 65535, "a port (1-65535)");
    }

    /** A whole number from {@code min} to {@code max}. */
    public int whole(String key, int fallback, int min, int max) {
        return (int) number(key, fallback, min, max, "a whole number from " + min + " to " + max);
    }

    /** A whole number of at least {@code min}. */
    public int whole(String key, int fallback, int min) {
        return (int) number(key, fallback, min, Integer.MAX_VALUE, "a whole number of at least " + min);
    }

    /** A whole number of at least {@code min}, past the range of an int if need be (a count of bytes). */
    public long wholeLong(String key, long fallback, long min) {
        return number(key, fallback, min, Long.MAX_VALUE, "a whole number of at least " + min);
    }

    /** A duration ({@link Durations}: 250ms, 30s, 5m, 1h, 7d); 0 where the setting takes it for "no limit". */
    public Duration duration(String key, Duration fallback) {
        return duration(key, fallback, true);
    }

    /** A duration longer than zero. */
    public Duration positiveDuration(String key, Duration fallback) {
        return duration(key, fallback, false);
    }

    private Duration duration(String key, Duration fallback, boolean zero) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            Duration d = Durations.parse(text.get());
            if (zero || !d.isZero()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw problem(key, text.get(), zero ? "a duration such as 10s, 5m or 1h"
                : "a duration longer than 0, such as 10s, 5m or 1h");
    }

    public boolean flag(String key, boolean fallback) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        if (text.get().equalsIgnoreCase("true") || text.get().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text.get());
        }
        throw problem(key, text.get(), "true or false");
    }

    /** The error for a bad value of {@code key}. */
    public SettingException problem(String key, String value, String allowed) {
        return new SettingException(where + prefix + key + ": '" + value + "' is not " + allowed);
    }

    private long number(String key, long fallback, long min, long max, String allowed) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(text.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem(key, text.get(), allowed);
    }
}
