package org.keyrelay.pool;

import java.time.Instant;
import java.util.Objects;
import org.keyrelay.failure.FailureClass;

/**
 * A key's most recent failure (caller faults are not the key's): when, its class and the classifier's reason. The
 * reason is built from the classifier's own phrases and the status, never copied from a body; it is still kept to one
 * line of at most {@link #MAX_REASON} characters, whatever reaches it.
 */
public record LastFailure(Instant at, FailureClass failureClass, String reason) {

    public static final int MAX_REASON = 200;

    public LastFailure {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(failureClass, "failureClass");
        reason = bounded(reason);
    }

    private static String bounded(String reason) {
        if (reason == null) {
            return null;
        }
        String line = reason.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON - 1) + "…";
    }
}
