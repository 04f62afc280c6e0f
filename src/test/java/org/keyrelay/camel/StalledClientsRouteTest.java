package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RawHttp;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;

/**
 * A client that stalls or floods cannot hold the gateway: idle connections close, slow heads and bodies get 408,
 * connections and held body bytes are capped, the client token is checked before a body is read, and pipelined
 * requests are answered in order.
 */
class StalledClientsRouteTest {

    private static final Map<String, String> SHORT = Map.of(
            "keyrelay.ingress.idle-timeout", "1s",
            "keyrelay.ingress.header-timeout", "1s",
            "keyrelay.ingress.body-rate-window", "1s",
            "keyrelay.ingress.body-min-rate", "1000",
            "keyrelay.ingress.max-connections", "4",
            "keyrelay.ingress.max-buffered-bytes", "5000");

    @TempDir
    Path dir;

    private RunningGateway start(StubUpstream upstream, String extra, Map<String, String> env) throws Exception {
        return RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 1) + extra, MutableClock.tickingFromNow(),
                env, null, SHORT);
    }

    @Test
    void should_close_an_idle_connection_after_the_idle_timeout() throws Exception {
        try (StubUpstream upstream = new StubUpstream(); RunningGateway gw = start(upstream, "", Map.of());
             RawHttp idle = RawHttp.to(gw.url("/"), 5000)) {
            long start = System.nanoTime();
            assertTrue(idle.closedByPeer(), "an idle connection is closed");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 800 && millis < 4000, "closed after about 1 s, was " + millis + " ms");
        }
    }

    @Test
    void should_answer_408_to_a_request_head_that_does_not_finish() throws Exception {
        try (StubUpstream upstream = new StubUpstream(); RunningGateway gw = start(upstream, "", Map.of());
             RawHttp slow = RawHttp.to(gw.url("/"), 5000)) {
            slow.send("POST /p/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            String answer = slow.readAll();
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("\"request_timeout\""), answer);
            assertTrue(upstream.received().isEmpty());
        }
    }

    @Test
    void should_answer_408_to_a_body_slower_than_the_minimum_rate() throws Exception {
        try (StubUpstream upstream = new StubUpstream(); RunningGateway gw = start(upstream, "", Map.of());
             RawHttp slow = RawHttp.to(gw.url("/"), 6000)) {
            slow.send("POST /p/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{");
            String answer = slow.readAll();
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(upstream.received().isEmpty());
        }
    }

    @Test
    void should_refuse_connections_beyond_the_limit_and_answer_the_others() throws Exception {
        try (StubUpstream upstream = new StubUpstream(); RunningGateway gw = start(upstream, "", Map.of())) {
            List<RawHttp> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(RawHttp.to(gw.url("/"), 3000));
                }
                Thread.sleep(200);
                try (RawHttp extra = RawHttp.to(gw.url("/"), 3000)) {
                    String answer = extra.readAll();
                    assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                    assertTrue(answer.contains("too_many_connections"), answer);
                }
                String ok = held.get(0).send("GET /p/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").readAnswers(1);
                assertTrue(ok.startsWith("HTTP/1.1 200"), "a connection within the limit is answered: " + ok);
            } finally {
                for (RawHttp h : held) {
                    h.close();
                }
            }
            Thread.sleep(200);
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode(), "closed connections free their places");
        }
    }

    @Test
    void should_refuse_a_body_past_the_bytes_held_at_once() throws Exception {
        try (StubUpstream upstream = new StubUpstream(); RunningGateway gw = start(upstream, "", Map.of());
             RawHttp first = RawHttp.to(gw.url("/"), 3000); RawHttp second = RawHttp.to(gw.url("/"), 3000)) {
            String part = "{\"x\":\"" + "a".repeat(3000);
            first.send("POST /p/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 8000\r\n\r\n" + part);
            Thread.sleep(200);
            second.send("POST /p/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 8000\r\n\r\n" + part);
            String answer = second.readAll();
            assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
            assertTrue(answer.contains("gateway_busy"), answer);
            assertTrue(upstream.received().isEmpty());
        }
    }

    @Test
    void should_answer_401_from_the_headers_before_reading_the_body() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = start(upstream, "clients:\n  - {id: laptop, token: tok-laptop}\n", Map.of());
             RawHttp client = RawHttp.to(gw.url("/"), 3000)) {
            // a body announced and never sent: the answer comes from the head alone
            client.send("POST /nope/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n");
            String answer = client.readAll();
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            assertFalse(answer.contains("known_providers"), "nothing about providers before the token: " + answer);
        }
    }

    @Test
    void should_answer_pipelined_requests_in_order() throws Exception {
        try (StubUpstream upstream = new StubUpstream(); RunningGateway gw = start(upstream, "", Map.of());
             RawHttp client = RawHttp.to(gw.url("/"), 5000)) {
            upstream.otherwise(r -> StubUpstream.Answer.json(200, "{\"path\":\"" + r.path() + "\"}"));
            StringBuilder three = new StringBuilder();
            for (String path : List.of("/p/one", "/nope/two", "/p/three")) {
                three.append("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            }
            String answers = client.send(three.toString()).readAnswers(3);
            int one = answers.indexOf("\"path\":\"/one\"");
            int two = answers.indexOf("unknown_provider");
            int threeAt = answers.indexOf("\"path\":\"/three\"");
            assertTrue(one > 0 && two > one && threeAt > two, "three answers, in order: " + answers);
            assertEquals(3, answers.split("HTTP/1.1 ", -1).length - 1, answers);
        }
    }
}
