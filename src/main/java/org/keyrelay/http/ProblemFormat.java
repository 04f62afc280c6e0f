package org.keyrelay.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link Problem} is written as JSON: the body the caller gets, as a tree a JSON mapper serialises. Kept apart
 * from the problem so that one problem can be written in different envelopes.
 */
@FunctionalInterface
public interface ProblemFormat {

    /** Keyrelay's own envelope: {@code {"error":{"type":...,"message":...,<details>...}}}. */
    ProblemFormat KEYRELAY = problem -> {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", problem.type());
        error.put("message", problem.message());
        error.putAll(problem.details());
        return Map.of("error", error);
    };

    Object render(Problem problem);
}
