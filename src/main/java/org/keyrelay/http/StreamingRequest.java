package org.keyrelay.http;

import java.util.Set;

/**
 * Whether a request asks for a streamed answer, which decides the upstream timeouts it runs under. The body's
 * top-level {@code "stream"} ({@link RequestFields#stream()}) says so when it is a boolean (OpenAI, Anthropic and Ollama alike); without it, Ollama's
 * endpoints that stream by default do ({@code /api/chat}, {@code /api/generate}, and the progress of
 * {@code /api/pull}, {@code /api/push}, {@code /api/create}), and every other request does not.
 */
public final class StreamingRequest {

    /** Ollama's endpoints that stream unless the body says {@code "stream": false}. */
    static final Set<String> STREAMING_BY_DEFAULT = Set.of("/api/chat", "/api/generate", "/api/pull", "/api/push",
            "/api/create");

    private StreamingRequest() {
    }

    /**
     * @param path the request's path (after the provider's prefix, without the query: "/v1/chat/completions",
     *             "/api/chat")
     * @param stated what the body's top-level "stream" says, or null when it says nothing
     */
    public static boolean expected(String path, Boolean stated) {
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
}
