package org.keyrelay.pool;

/**
 * Tokens one answer used, as the provider reported them ({@code usage} of OpenAI and Anthropic answers,
 * {@code prompt_eval_count}/{@code eval_count} of Ollama's). A count the answer did not state is 0.
 */
public record TokenUsage(long in, long out) {

    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public TokenUsage {
        if (in < 0 || out < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + in + ", " + out);
        }
    }
}
