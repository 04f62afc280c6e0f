package org.keyrelay.http;

import java.util.Locale;

/**
 * Which API a client speaks on a route, so the gateway's own errors reach it in the envelope its SDK reads: decided
 * here and only here, from the path after the provider prefix and the provider's {@link AuthStyle}.
 * <ul>
 *   <li>{@link #OLLAMA}: Ollama's native API, {@code /api/...} ({@code {"error":"..."}});</li>
 *   <li>{@link #ANTHROPIC}: Anthropic messages, {@code /v1/messages...} and {@code /v1/complete}, and any path of a
 *       provider whose keys go in {@code x-api-key} ({@code {"type":"error","error":{"type":...,"message":...}}});</li>
 *   <li>{@link #OPENAI}: everything else, the OpenAI-compatible API ({@code {"error":{"message":...,"type":...}}}).</li>
 * </ul>
 */
public enum ApiStyle {
    OPENAI(ProblemFormat.OPENAI),
    ANTHROPIC(ProblemFormat.ANTHROPIC),
    OLLAMA(ProblemFormat.OLLAMA);

    private final ProblemFormat format;

    ApiStyle(ProblemFormat format) {
        this.format = format;
    }

    /**
     * @param path the raw path after the provider prefix ("/v1/messages"); may be empty
     * @param auth the provider's auth style, or null when the provider is not known
     */
    public static ApiStyle of(String path, AuthStyle auth) {
        String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
        if (p.equals("/api") || p.startsWith("/api/")) {
            return OLLAMA;
        }
        if (p.startsWith("/v1/messages") || p.startsWith("/messages") || p.startsWith("/v1/complete")) {
            return ANTHROPIC;
        }
        return AuthStyle.X_API_KEY.equals(auth) ? ANTHROPIC : OPENAI;
    }

    /** The envelope of this API's errors. */
    public ProblemFormat format() {
        return format;
    }
}
