package org.keyrelay.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyrelay.http.Problem;
import org.keyrelay.http.ProblemException;

/**
 * The problems the admin API answers, by kind: each names what to do, the field and the value (never a secret), or
 * the known names. They are {@link Problem}s like the gateway's own, thrown as {@link ProblemException}s.
 */
public final class AdminProblem {

    private AdminProblem() {
    }

    public static ProblemException unknownProvider(String id, List<String> known) {
        return new ProblemException(404, "unknown_provider", "No provider '" + id + "'. Known providers: "
                + names(known) + ".", Map.of("known_providers", known));
    }

    public static ProblemException unknownKey(String provider, String id, List<String> known) {
        return new ProblemException(404, "unknown_key", "Provider '" + provider + "' has no key '" + id + "'. Its keys: "
                + names(known) + ".", Map.of("provider", provider, "known_keys", known));
    }

    /** A bad value the caller may see again (never a secret). */
    public static ProblemException badValue(String field, Object value, String problem) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("field", field);
        details.put("value", value == null ? "null" : value.toString());
        return new ProblemException(400, "bad_request", field + ": '" + value + "' " + problem, details);
    }

    /** A bad value that is not repeated (a secret, a password). */
    public static ProblemException badHiddenValue(String field, String problem) {
        return new ProblemException(400, "bad_request", field + ": " + problem, Map.of("field", field));
    }

    public static ProblemException conflict(String message) {
        return new ProblemException(409, "conflict", message, Map.of());
    }

    /** An export file that cannot be imported, and why; nothing of it was imported. */
    public static ProblemException cannotImport(String why) {
        return new ProblemException(400, "cannot_import", "Cannot import: " + why + ". Nothing was imported.", Map.of());
    }

    private static String names(List<String> known) {
        return known.isEmpty() ? "none" : String.join(", ", known);
    }
}
