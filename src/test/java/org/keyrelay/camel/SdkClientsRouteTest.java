package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.StubUpstream.Answer;
import org.keyrelay.support.StubUpstream.Received;

/**
 * The client libraries people point at Keyrelay (the OpenAI, Anthropic and Ollama SDKs from npm, installed by the
 * build into src/test/node) talk to the real gateway, which rotates away from a rate-limited first key.
 */
class SdkClientsRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_DIR = Path.of("src/test/node");

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    @BeforeEach
    void start() throws Exception {
        fx.upstream().script("key-a", Answer.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}"));
        fx.upstream().otherwise(SdkClientsRouteTest::providerAnswer);
        fx.start(2, "maxWait: 0s");
    }

    /** What a provider would answer, by API shape. */
    private static Answer providerAnswer(Received r) {
        boolean stream = r.body().replace(" ", "").contains("\"stream\":true");
        if (r.path().equals("/v1/chat/completions") && !stream) {
            return Answer.json(200, """
                    {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""");
        }
        if (r.path().equals("/v1/chat/completions")) {
            List<String> chunks = List.of("Hel", "lo", " there").stream()
                    .map(t -> "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + t + "\"},\"finish_reason\":null}]}\n\n")
                    .collect(java.util.stream.Collectors.toList());
            chunks.add("data: [DONE]\n\n");
            return Answer.stream("text/event-stream", chunks, Duration.ofMillis(20));
        }
        if (r.path().equals("/v1/messages")) {
            return Answer.stream("text/event-stream", List.of(
                    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n",
                    "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
                    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n",
                    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" there\"}}\n\n",
                    "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
                    "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}\n\n",
                    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), Duration.ofMillis(20));
        }
        if (r.path().equals("/api/chat")) {
            return Answer.stream("application/x-ndjson", List.of(
                    "{\"model\":\"m\",\"created_at\":\"2026-11-23T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"done\":false}\n",
                    "{\"model\":\"m\",\"created_at\":\"2026-11-23T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\" there\"},\"done\":false}\n",
                    "{\"model\":\"m\",\"created_at\":\"2026-11-23T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,\"eval_count\":2}\n"),
                    Duration.ofMillis(20));
        }
        return Answer.json(404, "{\"error\":\"not found\"}");
    }

    private JsonNode run(String scenario) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", "sdk-clients.mjs", scenario, fx.gw().url(""))
                .directory(NODE_DIR.toFile())
                .redirectErrorStream(true)
                .start();
        assertTrue(node.waitFor(30, TimeUnit.SECONDS), "the SDK script finished");
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        JsonNode result = JSON.readTree(last);
        assertTrue(result.path("ok").asBoolean(), out);
        return result;
    }

    @Test
    void openai_sdk_gets_a_chat_completion_after_rotation() throws Exception {
        JsonNode r = run("openai-chat");

        assertEquals("Hello there", r.get("content").asText());
        assertEquals("b", r.get("key").asText());
        assertEquals("ab", fx.upstream().keySequence());
        assertEquals("Bearer key-b", fx.upstream().received().get(1).header("Authorization"));
    }

    @Test
    void openai_sdk_streams_a_chat_completion() throws Exception {
        JsonNode r = run("openai-stream");

        assertEquals("Hello there", r.get("content").asText());
        assertEquals(3, r.get("chunks").asInt());
    }

    @Test
    void anthropic_sdk_streams_a_message() throws Exception {
        JsonNode r = run("anthropic-stream");

        assertEquals("Hello there", r.get("content").asText());
        assertEquals("end_turn", r.get("stop").asText());
        assertEquals(2, r.get("outputTokens").asInt());
        assertEquals(null, fx.upstream().received().get(1).header("x-api-key"), "the SDK's own key never reaches the provider");
    }

    @Test
    void ollama_sdk_streams_a_chat() throws Exception {
        JsonNode r = run("ollama-stream");

        assertEquals("Hello there", r.get("content").asText());
        assertEquals(3, r.get("parts").asInt());
    }

    @Test
    void openai_sdk_sees_the_spent_pool_when_every_key_is_out_of_quota() throws Exception {
        fx.upstream().otherwise(r -> Answer.json(429, "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"));

        JsonNode r = run("openai-error");

        assertEquals(429, r.get("status").asInt());
        assertEquals("keys_exhausted", r.get("type").asText());
    }

    @Test
    void anthropic_sdk_reads_the_spent_pool_in_anthropics_envelope() throws Exception {
        fx.upstream().otherwise(r -> Answer.json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"You have reached your weekly usage limit\"}}"));

        JsonNode r = run("anthropic-error");

        assertEquals(429, r.get("status").asInt());
        assertEquals("rate_limit_error", r.get("type").asText());
        String message = r.get("message").asText();
        assertTrue(message.startsWith("All 2 keys of 'p' are rate-limited or out of quota: a (")
                && message.contains("weekly usage limit) until "), message);
    }

    @Test
    void ollama_sdk_reads_the_spent_pool_in_ollamas_envelope() throws Exception {
        fx.upstream().otherwise(r -> Answer.json(429, "{\"error\":\"you (u) have reached your weekly usage limit, upgrade for higher limits\"}"));

        JsonNode r = run("ollama-error");

        assertEquals(429, r.get("status").asInt());
        String message = r.get("message").asText();
        assertTrue(message.startsWith("All 2 keys of 'p' are rate-limited or out of quota: a (")
                && message.contains("weekly usage limit) until "), message);
    }
}
