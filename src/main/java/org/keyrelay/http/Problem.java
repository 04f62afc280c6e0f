package org.keyrelay.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the gateway or its admin API answers itself: the HTTP status, a machine-readable type
 * ({@code unauthorized}, {@code unknown_provider}...), a message safe to show the caller that says what to do, and
 * details (field names, known ids; never a secret). A value: how it is written is {@link ProblemFormat}'s step.
 */
public record Problem(int status, String type, String message, Map<String, Object> details) {

    public Problem {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** This problem, thrown: the routes' error handlers catch it and write it. */
    public ProblemException raise() {
        return new ProblemException(this);
    }
}
