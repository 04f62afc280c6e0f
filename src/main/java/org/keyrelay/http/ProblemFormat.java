package org.keyrelay.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link Problem} is written as JSON: the body the caller gets, as a tree a JSON mapper serialises. Kept apart
 * from the problem so that one problem can be written in different envelopes: the admin API's own, and the envelope of
 * each provider API a client speaks (chosen by {@link ApiStyle}).
 */
@FunctionalInterface
public interface ProblemFormat {

    /** Keyrelay's own envelope (the admin API): {@code {"error":{"type":...,"message":...,<details>...}}}. */
    ProblemFormat KEYRELAY = problem -> {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", problem.type());
        error.put("message", problem.message());
        error.putAll(problem.details());
        return Map.of("error", error);
    };

    /**
     * OpenAI's envelope: {@code {"error":{"message":...,"type":...,"code":...,<details>...}}}; the SDKs read
     * {@code type} and {@code code}, both Keyrelay's type.
     */
    ProblemFormat OPENAI = problem -> {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", problem.message());
        error.put("type", problem.type());
        error.put("code", problem.type());
        error.putAll(problem.details());
        return Map.of("error", error);
    };

    /**
     * Anthropic's envelope: {@code {"type":"error","error":{"type":<Anthropic's type for the status>,"message":...,
     * "code":<Keyrelay's type>,<details>...}}}.
     */
    ProblemFormat ANTHROPIC = problem -> {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", anthropicType(problem.status()));
        error.put("message", problem.message());
        error.put("code", problem.type());
        error.putAll(problem.details());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("error", error);
        return body;
    };

    /** Ollama's envelope: {@code {"error":"<message>"}}. */
    ProblemFormat OLLAMA = problem -> Map.of("error", problem.message());

    Object render(Problem problem);

    /** The error types of Anthropic's API, by status. */
    private static String anthropicType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            default -> "api_error";
        };
    }
}
