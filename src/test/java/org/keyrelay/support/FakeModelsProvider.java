package org.keyrelay.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.keyrelay.support.StubUpstream.Answer;
import org.keyrelay.support.StubUpstream.Received;

/**
 * Models endpoints in each provider's shape, for a {@link StubUpstream} ({@code upstream.otherwise(...)}), answered
 * from the fixtures under fixtures/models/ (the providers' documented field names). Any other path is a 404.
 * <p>
 * The Ollama one knows three keys: {@code key-a} is refused {@code qwen3-vl:235b} ("requires a subscription", 403,
 * on /api/show); {@code key-c}'s own list lacks {@code gpt-oss:120b}; {@code key-b} reaches everything.
 */
public final class FakeModelsProvider {

    public static final String REFUSED_TO_A = "qwen3-vl:235b";
    public static final String MISSING_FOR_C = "gpt-oss:120b";

    private FakeModelsProvider() {
    }

    /** Ollama: GET /api/tags, POST /api/show {"model": ...}; also /v1/models (OpenAI-shaped, ids only). */
    public static Function<Received, Answer> ollama() {
        return r -> {
            if (r.method().equals("GET") && r.path().equals("/api/tags")) {
                String tags = fixture("ollama-tags.json");
                if ("key-c".equals(r.key())) {
                    tags = tags.replace("\"name\": \"gpt-oss:120b\"", "\"name\": \"gpt-oss:20b\"")
                            .replace("\"model\": \"gpt-oss:120b\"", "\"model\": \"gpt-oss:20b\"");
                }
                return Answer.json(200, tags);
            }
            if (r.method().equals("POST") && r.path().equals("/api/show")) {
                if (r.body().contains(REFUSED_TO_A) && "key-a".equals(r.key())) {
                    return Answer.json(403, "{\"error\":\"this model requires a subscription, upgrade for access: "
                            + "https://ollama.com/upgrade\"}");
                }
                if (r.body().contains("gpt-oss:120b")) {
                    return Answer.json(200, fixture("ollama-show-gpt-oss.json"));
                }
                if (r.body().contains("qwen3-vl:235b")) {
                    return Answer.json(200, fixture("ollama-show-qwen3-vl.json"));
                }
                if (r.body().contains("embeddinggemma:300m")) {
                    return Answer.json(200, fixture("ollama-show-embeddinggemma.json"));
                }
                return Answer.json(404, "{\"error\":\"model not found\"}");
            }
            return notFound(r);
        };
    }

    /** OpenRouter: GET /v1/models with context_length, top_provider, architecture, pricing, supported_parameters. */
    public static Function<Received, Answer> openRouter() {
        return r -> r.path().equals("/v1/models") ? Answer.json(200, fixture("openrouter-models.json")) : notFound(r);
    }

    /** OpenAI: GET /v1/models, ids only. */
    public static Function<Received, Answer> openAi() {
        return r -> r.path().equals("/v1/models") ? Answer.json(200, fixture("openai-models.json")) : notFound(r);
    }

    /** Anthropic: GET /v1/models in two pages (after_id), only with an anthropic-version header. */
    public static Function<Received, Answer> anthropic() {
        return r -> {
            if (!r.path().equals("/v1/models")) {
                return notFound(r);
            }
            if (r.header("anthropic-version") == null) {
                return Answer.json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                        + "\"message\":\"anthropic-version: header is required\"}}");
            }
            boolean second = r.query() != null && r.query().contains("after_id=claude-sonnet-4-5-20250929");
            return Answer.json(200, fixture(second ? "anthropic-models-2.json" : "anthropic-models-1.json"));
        };
    }

    public static Answer notFound(Received r) {
        return Answer.json(404, "{\"error\":{\"message\":\"Invalid URL (" + r.method() + " " + r.path()
                + ")\",\"type\":\"invalid_request_error\"}}");
    }

    public static String fixture(String name) {
        try (InputStream in = FakeModelsProvider.class.getResourceAsStream("/fixtures/models/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
