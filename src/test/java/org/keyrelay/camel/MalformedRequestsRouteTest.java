package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.CapturedLog;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.RawHttp;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;

/**
 * Requests built to confuse the gateway get a clean 4xx JSON answer and reach no upstream: dot segments, both
 * Transfer-Encoding and Content-Length, a broken absolute-form target, an unknown HTTP version; a secret an upstream
 * repeats in its error is masked; a client that leaves costs one quiet log line.
 */
class MalformedRequestsRouteTest {

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    private static String send(RunningGateway gw, String raw) throws Exception {
        try (RawHttp http = RawHttp.to(gw.url("/"), 5000)) {
            return http.send(raw).readAll();
        }
    }

    private static void assertCleanJson(String answer, String status) {
        assertTrue(answer.startsWith("HTTP/1.1 " + status), answer);
        assertTrue(answer.contains("content-type: application/json"), answer);
        assertTrue(answer.contains("{\"error\":{\"type\":"), answer);
        assertFalse(answer.contains("Exception") || answer.contains("\tat "), "no stack trace: " + answer);
    }

    @Test
    void should_refuse_dot_segments_that_would_leave_the_base_path() throws Exception {
        RunningGateway gw = fx.start(Keyrings.provider(fx.upstream().baseUrl() + "/coding", 1));
        for (String path : List.of("/p/../../v1/models", "/p/%2e%2e/%2E%2E/v1/models", "/p/./v1/models",
                "/p/a%2f..%2f..%2fv1")) {
            String answer = send(gw, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertCleanJson(answer, "400");
            assertTrue(answer.contains("dot segment"), answer);
        }
        assertTrue(fx.upstream().received().isEmpty(), "nothing left the base path: " + fx.upstream().received());
        assertEquals(200, gw.get("/p/v1/models").statusCode());
        assertEquals("/coding/v1/models", fx.upstream().received().get(0).path());
    }

    @Test
    void should_refuse_transfer_encoding_with_content_length() throws Exception {
        RunningGateway gw = fx.start(1);
        String answer = send(gw, "POST /p/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        assertCleanJson(answer, "400");
        assertTrue(answer.contains("Transfer-Encoding and Content-Length"), answer);
        assertTrue(fx.upstream().received().isEmpty());
    }

    @Test
    void should_answer_a_bad_target_and_an_unknown_version_with_a_clean_4xx() throws Exception {
        RunningGateway gw = fx.start(1);
        assertCleanJson(send(gw, "GET http://[bad/p/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), "400");
        assertCleanJson(send(gw, "GET http:///p/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), "400");
        assertCleanJson(send(gw, "GET p/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), "400");
        assertCleanJson(send(gw, "GET /p/v1/models HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n"), "505");
        assertCleanJson(send(gw, "GET /p/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n"), "400");
        assertTrue(fx.upstream().received().isEmpty());

        int port = URI.create(gw.url("/")).getPort();
        String absolute = send(gw, "GET http://127.0.0.1:" + port + "/p/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(absolute.startsWith("HTTP/1.1 200"), "a good absolute-form target works: " + absolute);
    }

    @Test
    void should_mask_a_key_an_upstream_error_repeats() throws Exception {
        fx.upstream().otherwise(r -> StubUpstream.Answer.json(400, "{\"error\":{\"message\":\"Bad request for key "
                + r.key() + ": model unknown\"}}").withHeader("X-Echo", "got " + r.key()));
        RunningGateway gw = fx.start(1);
        HttpResponse<String> r = gw.post("/p/v1/chat/completions", "{\"model\":\"x\"}");

        assertEquals(400, r.statusCode());
        assertFalse(r.body().contains("key-a"), r.body());
        assertTrue(r.body().contains("Bad request for key"), "the rest of the error is kept: " + r.body());
        assertFalse(r.headers().firstValue("X-Echo").orElse("").contains("key-a"));
    }

    @Test
    void should_log_one_quiet_line_per_client_that_leaves() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add("data: {\"n\":" + i + "}\n\n");
        }
        fx.upstream().otherwise(r -> StubUpstream.Answer.stream("text/event-stream", lines, Duration.ofMillis(20)));
        RunningGateway gw = fx.start(1);
        try (CapturedLog log = new CapturedLog()) {
            int port = URI.create(gw.url("/")).getPort();
            int aborts = 5;
            for (int i = 0; i < aborts; i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    String body = "{\"stream\":true}";
                    s.getOutputStream().write(("POST /p/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.UTF_8));
                    InputStream in = s.getInputStream();
                    in.readNBytes(300); // the stream has started
                    s.setSoLinger(true, 0); // leave with a reset, as a killed client does
                }
            }
            Eventually.until(Duration.ofSeconds(10), "every stream reached the upstream", () -> fx.upstream().received().size() == aborts);
            Thread.sleep(1500);
            String text = log.text();
            assertFalse(text.contains("\tat "), "no stack trace for a client that left:\n" + text);
            long lines2 = text.lines().filter(l -> !l.isBlank()).count();
            assertTrue(lines2 <= aborts * 2, "at most a line or two per abort, was " + lines2 + ":\n" + text);
        }
    }
}
