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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/** The relay's upstream connections: kept alive and reused, closed when the client goes, bounded in time. */
class UpstreamConnectionRouteTest {

    private static final String BODY = "{\"model\":\"m\"}";

    @TempDir
    Path dir;

    private static String keyring(StubUpstream upstream) {
        return """
                providers:
                  - id: p
                    upstream: %s
                    keys: [{id: a, secret: key-a}]
                """.formatted(upstream.baseUrl());
    }

    @Test
    void should_reuse_one_kept_alive_upstream_connection_for_requests_in_sequence() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, keyring(upstream), MutableClock.tickingFromNow())) {
            upstream.otherwise(r -> Answer.json(200, "{\"n\":" + r.body().length() + "}"));
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = gw.post("/p/v1/chat/completions", BODY);
                assertEquals(200, r.statusCode());
                assertEquals("{\"n\":13}", r.body());
            }
            assertEquals(1, new HashSet<>(upstream.remotePorts()).size(),
                    "one upstream connection for all: " + upstream.remotePorts());
        }
    }

    @Test
    void should_open_a_new_upstream_connection_when_the_upstream_says_close() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, keyring(upstream), MutableClock.tickingFromNow())) {
            upstream.otherwise(r -> Answer.json(200, "{}").withHeader("Connection", "close"));
            for (int i = 0; i < 3; i++) {
                assertEquals(200, gw.post("/p/v1/chat/completions", BODY).statusCode());
            }
            assertEquals(3, new HashSet<>(upstream.remotePorts()).size(), "a connection per request: " + upstream.remotePorts());
        }
    }

    @Test
    void should_answer_502_when_the_response_head_does_not_come_in_time() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, keyring(upstream), MutableClock.tickingFromNow(), Map.of(),
                     null, Map.of("keyrelay.upstream.response-timeout", "300ms"))) {
            upstream.otherwise(r -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Answer.ok();
            });
            long start = System.nanoTime();
            HttpResponse<String> r = gw.post("/p/v1/chat/completions", BODY);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(502, r.statusCode(), r.body());
            assertTrue(r.body().contains("timeout"), r.body());
            // the try gives up after 300 ms (a timeout is not tried again on the same key); the upstream would take 10 s
            assertTrue(tookMs < 8000, "the gateway gave up long before the upstream answered: " + tookMs + " ms");
        }
    }

    @Test
    void should_stop_the_upstream_stream_when_the_client_goes_away() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, keyring(upstream), MutableClock.tickingFromNow())) {
            List<String> chunks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                chunks.add("data: {\"i\":" + i + "}\n\n");
            }
            upstream.otherwise(r -> Answer.stream("text/event-stream", chunks, Duration.ofMillis(50)));
            URI url = URI.create(gw.url("/p/v1/chat/completions"));
            try (Socket client = new Socket(url.getHost(), url.getPort())) {
                OutputStream out = client.getOutputStream();
                out.write(("POST /p/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 15\r\n\r\n{\"stream\":true}").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = client.getInputStream();
                byte[] buffer = new byte[4096];
                String seen = "";
                while (!seen.contains("\"i\":1}")) {
                    int n = in.read(buffer);
                    assertTrue(n > 0, "the stream started: " + seen);
                    seen += new String(buffer, 0, n, StandardCharsets.US_ASCII);
                }
            }
            Eventually.until(Duration.ofSeconds(5), "the upstream saw its stream cancelled", () -> upstream.cancelled() == 1);
        }
    }

    @Test
    void should_reach_an_upstream_named_by_a_host_name_from_the_hosts_file() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, """
                     providers:
                       - id: p
                         upstream: http://localhost:%d
                         keys: [{id: a, secret: key-a}]
                     """.formatted(upstream.port()), MutableClock.tickingFromNow())) {
            upstream.otherwise(r -> Answer.json(200, "{\"host\":\"" + r.header("Host") + "\"}"));
            HttpResponse<String> r = gw.post("/p/v1/chat/completions", BODY);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("{\"host\":\"localhost:" + upstream.port() + "\"}", r.body());
        }
    }
}
