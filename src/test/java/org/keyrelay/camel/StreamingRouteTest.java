package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.StubUpstream.Answer;

/** Streams reach the client chunk by chunk, and an error at the start of a 200 stream is rotated. */
class StreamingRouteTest {

    private static final String SSE = "text/event-stream";
    private static final String NDJSON = "application/x-ndjson";

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    @BeforeEach
    void start() throws Exception {
        fx.start(2);
    }

    private static List<String> sseChunks(int n) {
        List<String> chunks = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> chunks.add("data: {\"choices\":[{\"delta\":{\"content\":\"t" + i + "\"}}]}\n\n"));
        chunks.add("data: [DONE]\n\n");
        return chunks;
    }

    /** Reads the answer line by line, noting when each non-empty line arrived (ms after the request was sent). */
    private List<long[]> timedLines(HttpResponse<InputStream> response, long sentAt, List<String> lines) throws Exception {
        List<long[]> times = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty()) {
                    lines.add(line);
                    times.add(new long[] {(System.nanoTime() - sentAt) / 1_000_000});
                }
            }
        }
        return times;
    }

    private HttpResponse<InputStream> stream(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fx.gw().url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return fx.gw().client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void should_deliver_sse_chunks_as_they_arrive_not_at_the_end() throws Exception {
        fx.upstream().script("key-a", Answer.stream(SSE, sseChunks(8), Duration.ofMillis(150)));

        long sentAt = System.nanoTime();
        HttpResponse<InputStream> response = stream("/p/v1/chat/completions", "{\"stream\":true}");
        List<String> lines = new ArrayList<>();
        List<long[]> times = timedLines(response, sentAt, lines);

        assertEquals(200, response.statusCode());
        assertEquals(SSE, response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("a", response.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        assertEquals(9, lines.size(), "every event arrives");
        assertEquals("data: [DONE]", lines.get(8));
        long first = times.get(0)[0];
        long last = times.get(times.size() - 1)[0];
        assertTrue(last - first >= 900, "the stream spans the upstream's 1.2 s: first " + first + " ms, last " + last + " ms");
        assertTrue(first < last / 2, "the first chunk came long before the last: first " + first + " ms, last " + last + " ms");
    }

    @Test
    void should_deliver_ndjson_lines_incrementally_and_keep_the_connection_usable() throws Exception {
        List<String> chunks = new ArrayList<>();
        IntStream.range(0, 5).forEach(i -> chunks.add("{\"message\":{\"content\":\"t" + i + "\"},\"done\":false}\n"));
        chunks.add("{\"done\":true,\"prompt_eval_count\":3,\"eval_count\":5}\n");
        fx.upstream().script("key-a", Answer.stream(NDJSON, chunks, Duration.ofMillis(100)));

        long sentAt = System.nanoTime();
        List<String> lines = new ArrayList<>();
        List<long[]> times = timedLines(stream("/p/api/chat", "{\"model\":\"m\"}"), sentAt, lines);

        assertEquals(6, lines.size());
        assertTrue(times.get(0)[0] < times.get(5)[0] - 300, "lines arrive over time");
        HttpResponse<String> next = fx.gw().post("/p/v1/chat/completions", "{}");
        assertEquals(200, next.statusCode(), "the next request on the same client works");
    }

    @Test
    void should_rotate_an_ndjson_error_line_that_comes_before_any_content() throws Exception {
        fx.upstream().script("key-a", Answer.stream(NDJSON,
                List.of("{\"error\":\"you (u) have reached your session usage limit, upgrade for higher limits\"}\n"), Duration.ZERO));
        fx.upstream().script("key-b", Answer.stream(NDJSON, List.of("{\"message\":{\"content\":\"ok\"},\"done\":false}\n",
                "{\"done\":true}\n"), Duration.ofMillis(20)));

        HttpResponse<String> r = fx.gw().post("/p/api/chat", "{\"model\":\"m\"}");

        assertEquals(200, r.statusCode());
        assertEquals("b", r.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        assertTrue(r.body().contains("\"ok\""));
        assertTrue(!r.body().contains("session usage limit"), "the error line never reached the client");
        assertEquals(FailureClass.QUOTA_EXHAUSTED,
                fx.pool().view().get(0).memory().cause());
    }

    @Test
    void should_rotate_an_sse_error_event_that_comes_before_any_content() throws Exception {
        fx.upstream().script("key-a", Answer.stream(SSE, List.of(": ping\n\n",
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"),
                Duration.ofMillis(10)));
        fx.upstream().script("key-b", Answer.stream(SSE, List.of("event: message_start\ndata: {\"type\":\"message_start\"}\n\n",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), Duration.ofMillis(10)));

        HttpResponse<String> r = fx.gw().post("/p/v1/messages", "{\"model\":\"m\",\"stream\":true}");

        assertEquals(200, r.statusCode());
        assertEquals("b", r.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        assertEquals("2", r.headers().firstValue("X-Keyrelay-Attempts").orElseThrow());
        assertTrue(r.body().startsWith("event: message_start"), r.body());
    }
}
