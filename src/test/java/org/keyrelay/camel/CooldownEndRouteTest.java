package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * Issue 13, point 1, through the real routes and in real time: a pool whose keys all answer 429 with
 * {@code Retry-After: 1} gets one request after another. Each request waits for a key and wakes as its cooldown
 * ends, the moment that once read as "no enabled key" (1 request in 5 to 1 in 40); every answer is a 429 about
 * limited keys, none a {@code 503 no_keys}. (The engine's own test with a movable clock: CooldownEndRaceTest.)
 */
class CooldownEndRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final int REQUESTS = 20;

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    @Test
    void should_never_answer_no_keys_while_every_key_is_only_cooling() throws Exception {
        fx.upstream().otherwise(r -> Answer.json(429, "{\"error\":{\"message\":\"Rate limit reached\","
                + "\"type\":\"rate_limit_error\"}}").withHeader("Retry-After", "1"));
        fx.start(2, "maxWait: 1500ms");

        List<String> answers = new ArrayList<>();
        long shortest = Long.MAX_VALUE;
        for (int i = 0; i < REQUESTS; i++) {
            long sent = System.nanoTime();
            HttpResponse<String> r = fx.gw().post("/p/v1/chat/completions", CHAT);
            shortest = Math.min(shortest, Duration.ofNanos(System.nanoTime() - sent).toMillis());
            JsonNode error = JSON.readTree(r.body()).path("error");
            answers.add(r.statusCode() + " " + error.path("code").asText(error.path("type").asText()));
        }

        assertEquals(REQUESTS, answers.stream().filter(a -> a.equals("429 keys_exhausted")
                || a.equals("429 rotations_exhausted")).count(), "every answer a 429 about limited keys: " + answers);
        assertTrue(shortest >= 500, "each request waited for a key's cooldown to end; the shortest took " + shortest
                + " ms");
        assertTrue(fx.upstream().received().size() >= 2 * REQUESTS,
                "and tried keys after it: " + fx.upstream().received().size());
    }
}
