package org.keyrelay.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;
import org.keyrelay.failure.FailureClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator, in the log, when a key leaves or rejoins rotation, or a model is cooled on a key: why, and when
 * it is back ({@code Key kimi/a cooled (rate limited: 429 too many requests): back at 18:08:12 UTC (in 30 s)}). Key
 * ids only, never secrets (reasons are the classifier's words, never an upstream's body).
 */
public final class KeyEventLog implements Consumer<PoolEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(KeyEventLog.class);
    private static final DateTimeFormatter SAME_DAY = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter OTHER_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Clock clock;

    public KeyEventLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void accept(PoolEvent event) {
        if (event instanceof PoolEvent.ModelCooled m) {
            LOG.info("Key {}/{}: model {} cooled ({}): back at {}", m.provider(), m.keyId(), m.model(),
                    why(FailureClass.MODEL_FORBIDDEN, m.reason()), backAt(m.until()));
        }
        if (!(event instanceof PoolEvent.StateChanged t)) {
            return;
        }
        if (t.to() == KeyState.INVALID) {
            LOG.warn("Key {}/{} rejected as invalid ({}): out of rotation until enabled or its fail window ends{}",
                    t.provider(), t.keyId(), t.reason(), t.until() == null ? "" : " at " + backAt(t.until()));
        } else if (t.to() == KeyState.COOLING) {
            LOG.info("Key {}/{} cooled ({}): back at {}", t.provider(), t.keyId(), why(t.cause(), t.reason()),
                    t.until() == null ? "its next request" : backAt(t.until()));
        } else {
            LOG.info("Key {}/{} {} ({})", t.provider(), t.keyId(), t.to().label(), t.reason());
        }
    }

    /** "rate limited: 429 too many requests", or the class alone when there is no reason. */
    private static String why(FailureClass cause, String reason) {
        String words = cause == null ? "cooling" : cause.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return reason == null || reason.isBlank() || reason.equalsIgnoreCase(words) ? words : words + ": " + reason;
    }

    /** "18:08:12 UTC (in 30 s)"; with the date when it is another day. */
    String backAt(Instant until) {
        Instant now = clock.instant();
        boolean sameDay = until.atZone(ZoneOffset.UTC).toLocalDate().equals(now.atZone(ZoneOffset.UTC).toLocalDate());
        return (sameDay ? SAME_DAY : OTHER_DAY).format(until) + " (in " + in(Duration.between(now, until)) + ")";
    }

    /** A wait in words: "30 s", "12 min", "5 h 30 min", "3 d 4 h". */
    static String in(Duration wait) {
        long s = Math.max(0, (wait.toMillis() + 999) / 1000);
        if (s < 120) {
            return s + " s";
        }
        long min = (s + 59) / 60;
        if (min < 120) {
            return min + " min";
        }
        if (min < 48 * 60) {
            return min / 60 + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
        }
        long h = min / 60;
        return h / 24 + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
    }
}
