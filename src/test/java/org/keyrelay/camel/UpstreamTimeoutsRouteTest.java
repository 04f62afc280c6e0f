package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyView;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StallingUpstream;
import org.keyrelay.support.StallingUpstream.Behaviour;

/**
 * A provider's upstream timeouts (keyring {@code timeouts:}): an upstream that hangs, sends a head and then nothing,
 * or falls silent in a stream never holds the client past them. A timeout before anything reached the client rotates
 * to the next key at once (no second try on the same key); a silence inside a started stream ends the client's stream
 * cleanly; both record the key's failure. A client that leaves cancels the upstream request at any moment.
 */
class UpstreamTimeoutsRouteTest {

    private static final String CHAT = "/p/v1/chat/completions";
    private static final String PLAIN = "{\"model\":\"m\"}";
    private static final String STREAMING = "{\"model\":\"m\",\"stream\":true}";
    /** Short limits for what a test provokes, long ones (10 s) for what it must not. */
    private static final String FAST = "{connect: 2s, headers: 300ms, response: 300ms, idle: 300ms}";

    @TempDir
    Path dir;

    private static String keyring(StallingUpstream upstream, int keys, String timeouts) {
        StringBuilder yaml = new StringBuilder("""
                providers:
                  - id: p
                    upstream: %s
                    timeouts: %s
                    keys:
                """.formatted(upstream.baseUrl(), timeouts));
        for (int i = 0; i < keys; i++) {
            char letter = (char) ('a' + i);
            yaml.append("      - {id: ").append(letter).append(", secret: key-").append(letter).append("}\n");
        }
        return yaml.toString();
    }

    private static RunningGateway gateway(Path dir, String keyring) throws Exception {
        return RunningGateway.start(dir, keyring, MutableClock.tickingFromNow());
    }

    private static KeyMemory key(RunningGateway gw, String id) {
        return gw.gateway().provider("p").orElseThrow().pool().view().stream().map(KeyView::memory)
                .filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    private static long transientFailures(RunningGateway gw, String id) {
        return key(gw, id).failures().getOrDefault(FailureClass.TRANSIENT, 0L);
    }

    @Test
    void should_rotate_at_once_when_the_upstream_never_answers_a_plain_request() throws Exception {
        try (StallingUpstream upstream = new StallingUpstream().on("key-a", Behaviour.HANG);
             RunningGateway gw = gateway(dir, keyring(upstream, 2, FAST))) {
            long start = System.nanoTime();
            HttpResponse<String> r = gw.post(CHAT, PLAIN);
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertEquals(200, r.statusCode(), r.body());
            assertEquals("ab", upstream.keySequence(), "no second try on the key that timed out");
            assertEquals("b", r.headers().firstValue("X-Keyrelay-Key").orElseThrow());
            assertEquals("2", r.headers().firstValue("X-Keyrelay-Attempts").orElseThrow());
            assertEquals(1, transientFailures(gw, "a"));
            assertEquals("timeout", key(gw, "a").reason());
            Eventually.until(Duration.ofSeconds(5), "the hanging request was cancelled", () -> upstream.cancelled() == 1);
            assertTrue(tookMs < 5000, "one 300 ms timeout, then the next key: " + tookMs + " ms");
        }
    }

    @Test
    void should_answer_502_after_one_try_when_the_only_key_times_out() throws Exception {
        try (StallingUpstream upstream = new StallingUpstream().on("key-a", Behaviour.HANG);
             RunningGateway gw = gateway(dir, keyring(upstream, 1, FAST))) {
            HttpResponse<String> r = gw.post(CHAT, PLAIN);

            assertEquals(502, r.statusCode(), r.body());
            assertTrue(r.body().contains("timeout"), r.body());
            assertEquals("a", upstream.keySequence(), "a timeout is not tried again on the same key");
        }
    }

    @Test
    void should_rotate_when_a_stream_head_does_not_come_within_headers() throws Exception {
        // the whole-response limit is long: the streaming request runs under headers
        try (StallingUpstream upstream = new StallingUpstream().on("key-a", Behaviour.HANG).on("key-b", Behaviour.ANSWER_STREAM);
             RunningGateway gw = gateway(dir, keyring(upstream, 2, "{headers: 300ms, response: 10s, idle: 10s}"))) {
            HttpResponse<String> r = gw.post(CHAT, STREAMING);

            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().endsWith("data: [DONE]\n\n"), r.body());
            assertEquals("ab", upstream.keySequence());
            assertEquals("b", r.headers().firstValue("X-Keyrelay-Key").orElseThrow());
            assertEquals("2", r.headers().firstValue("X-Keyrelay-Attempts").orElseThrow());
            assertEquals(1, transientFailures(gw, "a"));
        }
    }

    @Test
    void should_rotate_when_a_stream_head_comes_and_then_nothing() throws Exception {
        try (StallingUpstream upstream = new StallingUpstream().on("key-a", Behaviour.STREAM_HEAD_ONLY)
                .on("key-b", Behaviour.ANSWER_STREAM);
             RunningGateway gw = gateway(dir, keyring(upstream, 2, "{headers: 10s, response: 10s, idle: 300ms}"))) {
            HttpResponse<String> r = gw.post(CHAT, STREAMING);

            assertEquals(200, r.statusCode(), r.body());
            assertEquals("ab", upstream.keySequence());
            assertEquals("b", r.headers().firstValue("X-Keyrelay-Key").orElseThrow());
            assertEquals(1, transientFailures(gw, "a"));
            Eventually.until(Duration.ofSeconds(5), "the silent stream was cancelled", () -> upstream.cancelled() == 1);
        }
    }

    @Test
    void should_rotate_when_a_plain_answer_stops_after_its_head() throws Exception {
        try (StallingUpstream upstream = new StallingUpstream().on("key-a", Behaviour.JSON_HEAD_ONLY);
             RunningGateway gw = gateway(dir, keyring(upstream, 2, "{headers: 10s, response: 300ms, idle: 10s}"))) {
            HttpResponse<String> r = gw.post(CHAT, PLAIN);

            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("hello"), r.body());
            assertEquals("ab", upstream.keySequence());
            assertEquals(1, transientFailures(gw, "a"));
        }
    }

    @Test
    void should_end_the_client_stream_cleanly_when_the_stream_falls_silent() throws Exception {
        try (StallingUpstream upstream = new StallingUpstream().on("key-a", Behaviour.STALL_MID_STREAM);
             RunningGateway gw = gateway(dir, keyring(upstream, 2, "{headers: 10s, response: 10s, idle: 300ms}"))) {
            // a clean end of the chunked answer: the client reads the body whole (a broken one throws)
            HttpResponse<String> r = gw.post(CHAT, STREAMING);

            assertEquals(200, r.statusCode(), r.body());
            assertEquals(StallingUpstream.EVENT, r.body(), "what came before the silence, then the end");
            assertEquals("a", r.headers().firstValue("X-Keyrelay-Key").orElseThrow());
            assertEquals("a", upstream.keySequence(), "a started stream is not tried again");
            assertEquals(1, transientFailures(gw, "a"), "the silence is the key's failure");
            assertEquals(0, key(gw, "a").successes());
            Eventually.until(Duration.ofSeconds(5), "the silent stream was cancelled", () -> upstream.cancelled() == 1);
        }
    }

    @Test
    void should_cancel_the_upstream_request_when_the_client_leaves_before_the_response_head() throws Exception {
        try (StallingUpstream upstream = new StallingUpstream().on("key-a", Behaviour.HANG);
             RunningGateway gw = gateway(dir, keyring(upstream, 1, "{headers: 30s, response: 30s, idle: 30s}"))) {
            URI url = URI.create(gw.url(CHAT));
            try (Socket client = new Socket(url.getHost(), url.getPort())) {
                OutputStream out = client.getOutputStream();
                out.write(("POST " + CHAT + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + PLAIN.length() + "\r\n\r\n" + PLAIN).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Eventually.until(Duration.ofSeconds(5), "the request reached the upstream", () -> upstream.keySequence().equals("a"));
            }
            Eventually.until(Duration.ofSeconds(5), "the upstream request was cancelled", () -> upstream.cancelled() == 1);
            Eventually.until(Duration.ofSeconds(5), "the key is not held", () -> gw.gateway().provider("p").orElseThrow()
                    .pool().view().get(0).inFlight() == 0);
            assertEquals(0, transientFailures(gw, "a"), "a client that leaves is not the key's failure");
        }
    }

    @Test
    void should_cancel_the_upstream_stream_when_the_client_leaves_after_the_head() throws Exception {
        try (StallingUpstream upstream = new StallingUpstream().on("key-a", Behaviour.STALL_MID_STREAM);
             RunningGateway gw = gateway(dir, keyring(upstream, 1, "{headers: 30s, response: 30s, idle: 30s}"))) {
            URI url = URI.create(gw.url(CHAT));
            try (Socket client = new Socket(url.getHost(), url.getPort())) {
                OutputStream out = client.getOutputStream();
                out.write(("POST " + CHAT + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + STREAMING.length() + "\r\n\r\n" + STREAMING).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = client.getInputStream();
                byte[] buffer = new byte[4096];
                String seen = "";
                while (!seen.contains("\"hi\"")) {
                    int n = in.read(buffer);
                    assertTrue(n > 0, "the stream started: " + seen);
                    seen += new String(buffer, 0, n, StandardCharsets.US_ASCII);
                }
            }
            Eventually.until(Duration.ofSeconds(5), "the upstream stream was cancelled", () -> upstream.cancelled() == 1);
            Eventually.until(Duration.ofSeconds(5), "the key is not held", () -> gw.gateway().provider("p").orElseThrow()
                    .pool().view().get(0).inFlight() == 0);
            assertEquals(0, transientFailures(gw, "a"), "a client that leaves is not the key's failure");
        }
    }
}
