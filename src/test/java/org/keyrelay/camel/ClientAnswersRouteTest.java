package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * What a client reads when the gateway answers itself: the envelope of the API its route speaks (OpenAI, Anthropic
 * messages, Ollama native), and, when no key can serve, one 429 naming the provider, the keys, why each is out and
 * when the first is back, never the spent pool's last 401/403.
 */
class ClientAnswersRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    /** Kimi's answer when a key's billing cycle is spent. */
    private static final String BILLING = "{\"error\":{\"message\":\"You've reached your usage limit for this billing cycle.\","
            + "\"type\":\"access_terminated_error\"}}";

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    @Test
    void should_answer_an_unknown_provider_in_each_apis_envelope() throws Exception {
        fx.start(1);

        JsonNode openai = JSON.readTree(fx.gw().post("/nope/v1/chat/completions", CHAT).body());
        assertEquals("unknown_provider", openai.at("/error/type").asText());
        assertTrue(openai.at("/error/message").asText().contains("one of: p"), openai.toString());

        HttpResponse<String> messages = fx.gw().post("/nope/v1/messages", CHAT);
        assertEquals(404, messages.statusCode());
        JsonNode anthropic = JSON.readTree(messages.body());
        assertEquals("error", anthropic.get("type").asText());
        assertEquals("not_found_error", anthropic.at("/error/type").asText());
        assertEquals("unknown_provider", anthropic.at("/error/code").asText());
        assertTrue(anthropic.at("/error/message").asText().startsWith("No provider 'nope'"), anthropic.toString());

        JsonNode ollama = JSON.readTree(fx.gw().post("/nope/api/chat", CHAT).body());
        assertTrue(ollama.get("error").isTextual(), ollama.toString());
        assertTrue(ollama.get("error").asText().startsWith("No provider 'nope'"), ollama.toString());
    }

    @Test
    void should_answer_no_keys_in_the_anthropic_envelope_on_a_messages_route() throws Exception {
        fx.start(1);
        fx.pool().disable("a");

        HttpResponse<String> r = fx.gw().post("/p/v1/messages", CHAT);

        assertEquals(503, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("error", body.get("type").asText());
        assertEquals("no_keys", body.at("/error/code").asText());
        assertEquals("false", r.headers().firstValue("x-should-retry").orElseThrow(), "retrying changes nothing");
    }

    @Test
    void should_answer_429_naming_every_key_when_the_last_answer_of_a_spent_pool_was_a_403_billing_body()
            throws Exception {
        fx.upstream().otherwise(r -> Answer.json(403, BILLING));
        fx.start(2);

        HttpResponse<String> r = fx.gw().post("/p/v1/messages", CHAT);

        assertEquals(429, r.statusCode(), r.body());
        assertEquals("ab", fx.upstream().keySequence());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("rate_limit_error", body.at("/error/type").asText());
        assertEquals("keys_exhausted", body.at("/error/code").asText());
        String message = body.at("/error/message").asText();
        assertTrue(message.matches("All 2 keys of 'p' are out of quota: a \\(.*billing cycle.*\\) until .+, "
                + "b \\(.*billing cycle.*\\) until .+\\. The first is back in 1 d \\(.+ UTC\\)\\."), message);
        assertFalse(r.body().contains("You've reached"), "not the upstream's body: " + r.body());
        assertTrue(r.headers().firstValue("Retry-After").isEmpty(), "a day is not a wait to sleep on");
        assertEquals("false", r.headers().firstValue("x-should-retry").orElseThrow());
        Instant back = Instant.parse(r.headers().firstValue("X-Keyrelay-Retry-At").orElseThrow());
        assertTrue(Duration.between(fx.clock().instant(), back).toHours() >= 20, "back at " + back);
    }

    @Test
    void should_answer_the_gateways_502_not_the_last_keys_401_when_the_request_used_up_its_rotations()
            throws Exception {
        fx.upstream().otherwise(r -> "key-c".equals(r.key()) ? Answer.ok()
                : Answer.json(401, "{\"error\":{\"message\":\"Invalid Authentication\",\"type\":\"invalid_authentication_error\"}}"));
        fx.start(3, "maxRotations: 1");

        HttpResponse<String> r = fx.gw().post("/p/v1/chat/completions", CHAT);

        assertEquals(502, r.statusCode(), r.body());
        assertEquals("ab", fx.upstream().keySequence(), "one switch, then no more");
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertEquals("rotations_exhausted", error.get("type").asText());
        String message = error.get("message").asText();
        assertTrue(message.matches("Provider 'p' did not serve this request: each of the 2 keys tried failed: "
                + "a \\(invalid_authentication_error\\) until .+, b \\(invalid_authentication_error\\) until .+\\. "
                + "A request may switch keys 1 time \\(maxRotations\\); 1 other key is "
                + "usable now: ask again\\."), message);
        assertFalse(r.body().contains("Invalid Authentication"), "not the upstream's body: " + r.body());
        assertTrue(r.headers().firstValue("x-should-retry").isEmpty(), "asking again is served");

        HttpResponse<String> messages = fx.gw().post("/p/v1/messages", CHAT);
        assertEquals(200, messages.statusCode(), "the key left serves the next request: " + messages.body());
        assertEquals("abc", fx.upstream().keySequence());
    }

    @Test
    void should_answer_429_with_a_short_retry_when_the_request_used_up_its_rotations_on_rate_limited_keys()
            throws Exception {
        fx.upstream().otherwise(r -> "key-c".equals(r.key()) ? Answer.ok()
                : Answer.json(429, "{\"error\":\"too many requests\"}").withHeader("Retry-After", "40"));
        fx.start(3, "maxRotations: 1");

        HttpResponse<String> r = fx.gw().post("/p/v1/messages", CHAT);

        assertEquals(429, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("rate_limit_error", body.at("/error/type").asText());
        assertEquals("rotations_exhausted", body.at("/error/code").asText());
        assertTrue(body.at("/error/message").asText().contains(" until "), "when each key tried is back: " + body);
        assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow(), "a key serves now");
        assertEquals(200, fx.gw().post("/p/v1/chat/completions", CHAT).statusCode());
    }

    @Test
    void should_keep_answering_the_spent_pool_without_asking_the_upstream() throws Exception {
        fx.upstream().otherwise(r -> Answer.json(403, BILLING));
        fx.start(2);
        fx.gw().post("/p/v1/chat/completions", CHAT);

        HttpResponse<String> r = fx.gw().post("/p/v1/chat/completions", CHAT);

        assertEquals(429, r.statusCode());
        assertEquals(2, fx.upstream().received().size(), "the second request asked no upstream");
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertEquals("keys_exhausted", error.get("type").asText());
        assertEquals("keys_exhausted", error.get("code").asText());
        assertTrue(error.get("message").asText().startsWith("All 2 keys of 'p' are out of quota: "), error.toString());
        assertEquals(error.get("retry_at").asText(), r.headers().firstValue("X-Keyrelay-Retry-At").orElseThrow());
    }

    @Test
    void should_say_retry_after_when_the_wait_is_short_enough_to_sleep_on() throws Exception {
        fx.upstream().otherwise(r -> Answer.json(429, "{\"error\":\"too many requests\"}").withHeader("Retry-After", "30"));
        fx.start(2, "maxWait: 0s");

        HttpResponse<String> r = fx.gw().post("/p/api/chat", CHAT);

        assertEquals(429, r.statusCode());
        String message = JSON.readTree(r.body()).get("error").asText();
        assertTrue(message.startsWith("All 2 keys of 'p' are rate-limited: a ("), message);
        long seconds = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(seconds > 20 && seconds <= 30, "Retry-After " + seconds);
        assertTrue(r.headers().firstValue("x-should-retry").isEmpty());
        assertTrue(r.headers().firstValue("X-Keyrelay-Retry-At").isPresent());
    }
}
