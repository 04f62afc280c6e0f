package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyState;
import org.keyrelay.pool.KeyView;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.StubUpstream.Answer;

/** Each failure class through the real routes: what happens to the key, and what the client sees. */
class KeyRotationRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    @Test
    void should_rotate_to_next_key_on_429_with_the_body_intact() throws Exception {
        fx.upstream().script("key-a", Answer.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}")
                .withHeader("Retry-After", "20"));
        fx.start(2);

        HttpResponse<String> r = fx.gw().post("/p/v1/chat/completions", CHAT);

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("b", r.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        assertEquals("2", r.headers().firstValue("X-Keyrelay-Attempts").orElseThrow());
        assertEquals("ab", fx.upstream().keySequence());
        assertEquals(CHAT, fx.upstream().received().get(1).body());
        KeyView a = fx.key("a");
        assertEquals(KeyState.COOLING, a.memory().state());
        assertEquals(FailureClass.RATE_LIMITED, a.memory().cause());
        long cooldown = Duration.between(fx.clock().instant(), a.memory().until()).toSeconds();
        assertTrue(cooldown > 15 && cooldown <= 20, "Retry-After 20 s sets the cooldown, was " + cooldown);
    }

    @Test
    void should_rotate_on_a_quota_body_and_cool_for_the_window() throws Exception {
        fx.upstream().script("key-a", Answer.json(403,
                "{\"error\":{\"message\":\"You've reached your usage limit for this billing cycle\",\"type\":\"access_terminated_error\"}}"));
        fx.start(2);

        HttpResponse<String> r = fx.gw().post("/p/v1/messages", CHAT);

        assertEquals(200, r.statusCode());
        assertEquals(FailureClass.QUOTA_EXHAUSTED, fx.key("a").memory().cause());
        assertTrue(fx.key("a").memory().until().isAfter(fx.clock().instant().plus(Duration.ofHours(20))));
    }

    @Test
    void should_rotate_on_openai_insufficient_quota_even_on_a_400() throws Exception {
        fx.upstream().script("key-a", Answer.json(400, "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"));
        fx.start(2);

        assertEquals(200, fx.gw().post("/p/v1/chat/completions", CHAT).statusCode());
        assertEquals("ab", fx.upstream().keySequence());
        assertEquals(KeyState.COOLING, fx.key("a").memory().state());
    }

    @Test
    void should_put_an_invalid_key_out_and_rotate() throws Exception {
        fx.upstream().script("key-a", Answer.json(401, "{\"error\":\"unauthorized\"}"));
        fx.start(2);

        assertEquals(200, fx.gw().post("/p/api/chat", CHAT).statusCode());
        assertEquals(KeyState.INVALID, fx.key("a").memory().state());
        assertEquals(200, fx.gw().post("/p/api/chat", CHAT).statusCode());
        assertEquals("abb", fx.upstream().keySequence());
    }

    @Test
    void should_retry_a_5xx_once_on_the_same_key_then_move_on() throws Exception {
        fx.upstream().script("key-a", Answer.json(503, "upstream busy"), Answer.json(502, "bad gateway"));
        fx.start(2);

        HttpResponse<String> r = fx.gw().post("/p/v1/chat/completions", CHAT);

        assertEquals(200, r.statusCode());
        assertEquals("aab", fx.upstream().keySequence());
        assertEquals("3", r.headers().firstValue("X-Keyrelay-Attempts").orElseThrow());
        assertEquals(FailureClass.TRANSIENT, fx.key("a").memory().cause());
    }

    @Test
    void should_answer_502_at_once_when_the_upstream_cannot_be_reached() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        fx.start(Keyrings.provider("http://127.0.0.1:" + closedPort, 2));

        HttpResponse<String> r = fx.gw().post("/p/v1/chat/completions", CHAT);

        assertEquals(502, r.statusCode());
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertEquals("upstream_unreachable", error.get("type").asText());
        assertEquals("4", r.headers().firstValue("X-Keyrelay-Attempts").orElseThrow(), "each key tried twice");
        assertEquals(FailureClass.TRANSIENT, fx.key("a").memory().cause());
        assertFalse(r.body().contains("key-a"), "no secret in the error");
    }

    @Test
    void should_give_a_caller_fault_back_untouched_without_rotating() throws Exception {
        String notFound = "{\"error\":{\"message\":\"The model `nope` does not exist\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}";
        fx.upstream().script("key-a", Answer.json(404, notFound).withHeader("X-Upstream", "yes"));
        fx.start(2);

        HttpResponse<String> r = fx.gw().post("/p/v1/chat/completions", CHAT);

        assertEquals(404, r.statusCode());
        assertEquals(notFound, r.body());
        assertEquals("yes", r.headers().firstValue("X-Upstream").orElseThrow());
        assertEquals("a", fx.upstream().keySequence());
        assertEquals(KeyState.ACTIVE, fx.key("a").memory().state());
        assertEquals(0, fx.key("a").inFlight());
    }

    @Test
    void should_not_burn_keys_on_a_plain_bad_request() throws Exception {
        fx.upstream().otherwise(r -> Answer.json(400, "{\"error\":{\"message\":\"messages: field required\",\"type\":\"invalid_request_error\"}}"));
        fx.start(3);

        assertEquals(400, fx.gw().post("/p/v1/messages", CHAT).statusCode());
        assertEquals("a", fx.upstream().keySequence());
    }

    @Test
    void should_answer_for_the_spent_pool_not_with_the_last_upstream_failure_when_rotation_runs_out() throws Exception {
        String limit = "{\"error\":\"you (u) have reached your weekly usage limit, upgrade for higher limits: https://ollama.com/upgrade\"}";
        fx.upstream().otherwise(r -> Answer.json(429, limit));
        fx.start(2);

        HttpResponse<String> r = fx.gw().post("/p/api/chat", CHAT);

        assertEquals(429, r.statusCode());
        String message = JSON.readTree(r.body()).get("error").asText();
        assertTrue(message.startsWith("All 2 keys of 'p' are out of quota: a (weekly usage limit) until "), message);
        assertEquals("2", r.headers().firstValue("X-Keyrelay-Attempts").orElseThrow());
        assertTrue(r.headers().firstValue("Retry-After").isEmpty(), "a wait of hours is not one to sleep on");
        Instant back = Instant.parse(r.headers().firstValue("X-Keyrelay-Retry-At").orElseThrow());
        assertTrue(back.isAfter(fx.clock().instant().plus(Duration.ofHours(1))),
                "a weekly limit keeps keys out for hours, back at " + back);
    }

    @Test
    void should_switch_keys_at_most_maxRotations_times() throws Exception {
        fx.upstream().otherwise(r -> Answer.json(429, "{\"error\":\"too many requests\"}"));
        fx.start(4, "maxRotations: 1");

        assertEquals(429, fx.gw().post("/p/v1/chat/completions", CHAT).statusCode());
        assertEquals("ab", fx.upstream().keySequence());
    }

    @Test
    void should_answer_keys_exhausted_when_every_key_is_cooling() throws Exception {
        fx.upstream().otherwise(r -> Answer.json(429, "{\"error\":\"too many requests\"}").withHeader("Retry-After", "40"));
        fx.start(2, "maxWait: 0s");
        fx.gw().post("/p/v1/chat/completions", CHAT);
        int asked = fx.upstream().received().size();

        HttpResponse<String> r = fx.gw().post("/p/v1/chat/completions", CHAT);

        assertEquals(429, r.statusCode());
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertEquals("keys_exhausted", error.get("type").asText());
        assertEquals("p", error.get("provider").asText());
        long seconds = error.get("retry_after_seconds").asLong();
        assertTrue(seconds > 30 && seconds <= 40, "seconds until the soonest key: " + seconds);
        assertEquals(Long.toString(seconds), r.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(asked, fx.upstream().received().size(), "no upstream was asked");
    }

    @Test
    void should_wait_for_the_soonest_key_within_maxWait() throws Exception {
        fx.upstream().script("key-a", Answer.json(429, "{\"error\":\"rate limit\"}").withHeader("retry-after-ms", "300"));
        fx.start(1, "maxWait: 5s");

        HttpResponse<String> r = fx.gw().post("/p/v1/chat/completions", CHAT);

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("aa", fx.upstream().keySequence());
        assertEquals("2", r.headers().firstValue("X-Keyrelay-Attempts").orElseThrow());
    }

    @Test
    void should_answer_503_no_keys_when_no_key_is_enabled() throws Exception {
        fx.start(1);
        fx.pool().disable("a");

        HttpResponse<String> r = fx.gw().post("/p/v1/chat/completions", CHAT);

        assertEquals(503, r.statusCode());
        assertEquals("no_keys", JSON.readTree(r.body()).at("/error/type").asText());
        assertTrue(fx.upstream().received().isEmpty());
    }

    @Test
    void should_cool_only_the_model_a_key_may_not_use() throws Exception {
        fx.upstream().script("key-a", Answer.json(403, "{\"error\":\"this model requires a subscription, upgrade for access: https://ollama.com/upgrade\"}"));
        fx.start(2);

        assertEquals(200, fx.gw().post("/p/api/chat", "{\"model\":\"m1\"}").statusCode());
        assertEquals(200, fx.gw().post("/p/api/chat", "{\"model\":\"m2\"}").statusCode());
        assertEquals(200, fx.gw().post("/p/api/chat", "{\"model\":\"m1\"}").statusCode());

        assertEquals("abab", fx.upstream().keySequence());
        assertEquals(KeyState.ACTIVE, fx.key("a").memory().state());
        assertFalse(fx.key("a").memory().modelCooldowns().isEmpty());
        assertTrue(fx.key("a").memory().modelCooldowns().containsKey("m1"));
        assertEquals(List.of("m1"), List.copyOf(fx.key("a").memory().modelCooldowns().keySet()));
    }
}
