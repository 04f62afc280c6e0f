package org.keyrelay.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request an operator made that cannot be done, with the HTTP status and error type the admin API answers and a
 * message that says what to do. Never carries a secret: a bad secret is described, not echoed.
 */
public final class AdminProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final Map<String, Object> details;

    public AdminProblem(int status, String type, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.details = Map.copyOf(details);
    }

    public static AdminProblem unauthorized(String message) {
        return new AdminProblem(401, "unauthorized", message, Map.of());
    }

    public static AdminProblem unknownProvider(String id, List<String> known) {
        return new AdminProblem(404, "unknown_provider", "No provider '" + id + "'. Known providers: "
                + names(known) + ".", Map.of("known_providers", known));
    }

    public static AdminProblem unknownKey(String provider, String id, List<String> known) {
        return new AdminProblem(404, "unknown_key", "Provider '" + provider + "' has no key '" + id + "'. Its keys: "
                + names(known) + ".", Map.of("provider", provider, "known_keys", known));
    }

    /** A bad value the caller may see again (never a secret). */
    public static AdminProblem badValue(String field, Object value, String problem) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("field", field);
        details.put("value", value == null ? "null" : value.toString());
        return new AdminProblem(400, "bad_request", field + ": '" + value + "' " + problem, details);
    }

    /** A bad value that is not repeated (a secret, a password). */
    public static AdminProblem badHiddenValue(String field, String problem) {
        return new AdminProblem(400, "bad_request", field + ": " + problem, Map.of("field", field));
    }

    public static AdminProblem conflict(String message) {
        return new AdminProblem(409, "conflict", message, Map.of());
    }

    private static String names(List<String> known) {
        return known.isEmpty() ? "none" : String.join(", ", known);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Map<String, Object> details() {
        return details;
    }
}
