package org.keyrelay.failure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an upstream answered: the status, the headers with lower-case names, and the body as text
 * (may be empty). The constructor lower-cases header names (merging duplicates), turns a null map
 * into an empty one and a null body into "", so a classifier never meets a null.
 */
public record UpstreamAnswer(int status, Map<String, List<String>> headers, String body) {

    public UpstreamAnswer {
        headers = lowerCaseNames(headers);
        body = body == null ? "" : body;
    }

    /** The first value of a header, by name (matched case-insensitively). */
    public Optional<String> header(String lowerCaseName) {
        if (lowerCaseName == null) {
            return Optional.empty();
        }
        List<String> values = headers.get(lowerCaseName.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /** An unmodifiable copy with lower-case names; null names and null values are dropped. */
    static Map<String, List<String>> lowerCaseNames(Map<String, List<String>> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (name != null && values != null) {
                List<String> merged = copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>());
                values.stream().filter(v -> v != null).forEach(merged::add);
            }
        });
        copy.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(copy);
    }
}
