package org.keyrelay.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which of an upstream's response headers reach the client: all but hop-by-hop and framing ones (and those its
 * Connection header names), and never the upstream's CORS headers: which web pages may read an answer is the
 * gateway's decision ({@link BrowserPolicy}), not the provider's.
 */
public final class ResponseHeaders {

    private ResponseHeaders() {
    }

    public static List<Map.Entry<String, String>> forClient(Map<String, List<String>> upstream) {
        Predicate<String> hopByHop = HeaderNames.hopByHop(upstream.entrySet().stream()
                .filter(e -> HeaderNames.lower(e.getKey()).equals("connection")).flatMap(e -> e.getValue().stream()));
        List<Map.Entry<String, String>> out = new ArrayList<>();
        upstream.forEach((name, values) -> {
            if (!hopByHop.test(name) && !HeaderNames.lower(name).startsWith("access-control-")) {
                values.forEach(v -> out.add(Map.entry(name, v)));
            }
        });
        return out;
    }

    public static boolean isStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = HeaderNames.lower(contentType);
        return type.startsWith("text/event-stream") || type.startsWith("application/x-ndjson")
                || type.startsWith("application/jsonl") || type.startsWith("application/stream+json");
    }
}
