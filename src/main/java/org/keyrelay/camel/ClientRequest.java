package org.keyrelay.camel;

import java.util.List;
import java.util.Map;

/**
 * The client's request as it arrived, kept whole so every retry sends the same thing.
 *
 * @param providerId the first path segment
 * @param rest       the raw path after it ("/v1/chat/completions"), possibly empty
 * @param rawQuery   the raw query string, or null
 * @param model      the "model" of a JSON body, or null
 * @param streaming  whether the client expects a streamed answer ({@link org.keyrelay.http.StreamingRequest})
 * @param conversation the conversation the request belongs to (the provider's session affinity), or null
 */
public record ClientRequest(String method, String providerId, String rest, String rawQuery,
                            List<Map.Entry<String, String>> headers, byte[] body, String model, boolean streaming,
                            boolean keepAlive, String conversation) {

    /** A request without session affinity. */
    public ClientRequest(String method, String providerId, String rest, String rawQuery,
                         List<Map.Entry<String, String>> headers, byte[] body, String model, boolean streaming,
                         boolean keepAlive) {
        this(method, providerId, rest, rawQuery, headers, body, model, streaming, keepAlive, null);
    }

    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
