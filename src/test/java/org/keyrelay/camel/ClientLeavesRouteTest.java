package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.spi.InflightRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.RawHttp;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * A client that disconnects while its request waits for a key, or between rotations, ends that request: the
 * upstream is not called again and no key gets a failure for it.
 */
class ClientLeavesRouteTest {

    private static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    /**
     * Sends the request on a raw connection and closes it, without reading an answer, {@code stayMillis} after
     * the upstream got the first try.
     */
    private void sendAndLeave(long stayMillis) throws Exception {
        try (RawHttp client = RawHttp.to(fx.gw().url("/"), 5000)) {
            client.send("POST /p/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + CHAT.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + CHAT);
            Eventually.until(Duration.ofSeconds(5), "the first try", () -> fx.upstream().received().size() == 1);
            Thread.sleep(stayMillis);
        }
    }

    @Test
    void should_not_call_the_upstream_again_when_the_client_leaves_while_waiting_for_a_key() throws Exception {
        fx.upstream().script("key-a", Answer.rateLimited(2));
        fx.start(1, "maxWait: 10s");

        sendAndLeave(300);
        Map<FailureClass, Long> failuresWhenLeft = fx.key("a").memory().failures();
        long requestsWhenLeft = fx.key("a").memory().requests();
        Thread.sleep(2000 + 1500); // the cooldown ends, and the wait's redelivery is due

        assertEquals(1, fx.upstream().received().size(), "no upstream call after the client left");
        assertEquals(failuresWhenLeft, fx.key("a").memory().failures(), "no new failure on the key");
        assertEquals(requestsWhenLeft, fx.key("a").memory().requests(), "no new try counted on the key");
        assertEquals(0, fx.key("a").inFlight(), "no lease held");
    }

    @Test
    void should_end_the_waiting_request_as_soon_as_its_client_leaves() throws Exception {
        fx.upstream().script("key-a", Answer.rateLimited(4));
        fx.start(1, "maxWait: 10s");
        InflightRepository inflight = fx.gw().main().getCamelContext().getInflightRepository();

        sendAndLeave(300); // the request waits about 4 s for the key; its client leaves after 0.3 s
        Eventually.until(Duration.ofMillis(1500), "the request ended when its client left, not when the key is back",
                () -> inflight.size() == 0);
        assertEquals(0, fx.key("a").inFlight(), "no lease held");
        Thread.sleep(4000); // the key is back: nothing is left to wake up
        assertEquals(1, fx.upstream().received().size(), "no upstream call after the client left");
        assertEquals(1L, fx.key("a").memory().requests(), "no new try counted on the key");
    }

    @Test
    void should_not_rotate_to_the_next_key_when_the_client_leaves_during_a_failed_answer() throws Exception {
        fx.upstream().script("key-a", new Answer(429, Map.of("Content-Type", "application/json", "Retry-After", "20"),
                List.of("{\"error\":", "\"rate limit\"}"), Duration.ofMillis(1500)));
        fx.start(2);

        sendAndLeave(300);
        Thread.sleep(1500 + 1500); // the slow 429 would have ended, and the rotation been made

        assertEquals("a", fx.upstream().keySequence(), "the second key is never called");
        assertEquals(Map.of(), fx.key("a").memory().failures(), "the abandoned request leaves no failure on its key");
        assertEquals(0, fx.key("a").inFlight());
        assertEquals(0, fx.key("b").inFlight());
    }
}
