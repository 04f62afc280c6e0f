package org.keyrelay.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Set;

/**
 * Whether a request asks for a streamed answer, which decides the upstream timeouts it runs under. The body's
 * top-level {@code "stream"} says so when it is a boolean (OpenAI, Anthropic and Ollama alike); without it, Ollama's
 * endpoints that stream by default do ({@code /api/chat}, {@code /api/generate}, and the progress of
 * {@code /api/pull}, {@code /api/push}, {@code /api/create}), and every other request does not.
 */
public final class StreamingRequest {

    /** Ollama's endpoints that stream unless the body says {@code "stream": false}. */
    static final Set<String> STREAMING_BY_DEFAULT = Set.of("/api/chat", "/api/generate", "/api/pull", "/api/push",
            "/api/create");

    private static final JsonFactory JSON = new JsonFactory();

    private StreamingRequest() {
    }

    /**
     * @param path the request's path (after the provider's prefix, without the query: "/v1/chat/completions",
     *             "/api/chat")
     * @param body the request body, possibly empty
     */
    public static boolean expected(String path, byte[] body) {
        Boolean stated = statedIn(body);
        if (stated != null) {
            return stated;
        }
        String p = path == null ? "" : path;
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        for (String endpoint : STREAMING_BY_DEFAULT) {
            if (p.endsWith(endpoint)) {
                return true;
            }
        }
        return false;
    }

    /** The top-level boolean "stream" of a JSON object body; null when there is none. */
    private static Boolean statedIn(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("stream".equals(field) && value.isBoolean()) {
                    return value == JsonToken.VALUE_TRUE;
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
