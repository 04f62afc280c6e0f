package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyStats;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.StubUpstream.Answer;

/** Per-key statistics from real answers through the relay: counts, latency, time to first byte and tokens. */
class KeyStatsRouteTest {

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    @BeforeEach
    void start() throws Exception {
        fx.start(2, "strategy: fill-first");
    }

    private KeyStats stats(String id) {
        return fx.key(id).stats();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = KeyStatsRouteTest.class.getResourceAsStream("/fixtures/usage/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The fixture's events as chunks, one event (or NDJSON line) each, {@code gap} apart. */
    private static Answer streamOf(String contentType, String text, Duration gap) {
        List<String> chunks = new ArrayList<>();
        String separator = contentType.contains("event-stream") ? "\n\n" : "\n";
        for (String part : text.split(separator)) {
            if (!part.isBlank()) {
                chunks.add(part + separator);
            }
        }
        return new Answer(200, Map.of("Content-Type", contentType), chunks, gap);
    }

    @Test
    void should_count_the_tokens_of_a_json_answer() throws Exception {
        fx.upstream().script("key-a", Answer.json(200, fixture("openai-chat.json")));

        assertEquals(200, fx.gw().post("/p/v1/chat/completions", "{\"model\":\"gpt-4.1\"}").statusCode());

        KeyStats a = stats("a");
        assertEquals(19, a.tokensIn());
        assertEquals(10, a.tokensOut());
        assertEquals(1, a.requests());
        assertEquals(1, a.requestsToday());
        assertEquals(1.0, a.successRate());
        assertEquals(1, a.latency().samples());
    }

    @Test
    void should_count_the_tokens_of_openai_anthropic_and_ollama_streams() throws Exception {
        fx.upstream().script("key-a",
                streamOf("text/event-stream", fixture("openai-chat-stream-with-usage.sse"), Duration.ofMillis(5)),
                streamOf("text/event-stream", fixture("anthropic-messages-stream.sse"), Duration.ofMillis(5)),
                streamOf("application/x-ndjson", fixture("ollama-chat-stream.ndjson"), Duration.ofMillis(5)));

        String openai = fx.gw().post("/p/v1/chat/completions", "{\"stream\":true}").body();
        String anthropic = fx.gw().post("/p/v1/messages", "{\"stream\":true}").body();
        String ollama = fx.gw().post("/p/api/chat", "{\"stream\":true}").body();

        assertTrue(openai.endsWith("data: [DONE]\n\n") && anthropic.contains("message_stop") && ollama.contains("\"done\":true"),
                "the client got every stream whole");
        KeyStats a = stats("a");
        assertEquals(1117 + 25 + 26, a.tokensIn());
        assertEquals(46 + 15 + 282, a.tokensOut());
        assertEquals(3, a.latency().samples());
    }

    @Test
    void should_measure_the_first_byte_apart_from_the_whole_answer() throws Exception {
        List<String> chunks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            chunks.add("data: {\"choices\":[{\"delta\":{\"content\":\"t" + i + "\"}}]}\n\n");
        }
        fx.upstream().script("key-a", new Answer(200, Map.of("Content-Type", "text/event-stream"), chunks, Duration.ofMillis(60)));

        fx.gw().post("/p/v1/chat/completions", "{\"stream\":true}");

        KeyStats a = stats("a");
        assertTrue(a.latency().averageMillis() >= 300, "six chunks 60 ms apart: " + a.latency());
        assertTrue(a.timeToFirstByte().averageMillis() < a.latency().averageMillis() - 200,
                "the head came long before the end: " + a.timeToFirstByte() + " vs " + a.latency());
    }

    @Test
    void should_count_failures_by_class_on_the_key_that_had_them() throws Exception {
        fx.upstream().script("key-a", Answer.rateLimited(60));

        assertEquals(200, fx.gw().post("/p/v1/chat/completions", "{}").statusCode());

        assertEquals(Map.of(FailureClass.RATE_LIMITED, 1L), stats("a").failures());
        assertEquals(0.0, stats("a").successRate());
        assertEquals(0, stats("a").latency().samples(), "only answers that completed are timed");
        assertEquals(1, stats("b").successes());
        assertEquals(1, stats("b").requestsLast7Days());
    }
}
