package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.pool.Readiness;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.PrometheusText;
import org.keyrelay.support.StubUpstream.Answer;

/** A key whose answers say its window is spent is not sent the next request, and comes back at the window's reset. */
class UsageHeadersRouteTest {

    private static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    @Test
    void should_send_the_next_request_to_b_when_a_streamed_answer_says_a_has_no_request_left() throws Exception {
        fx.upstream().script("key-a", Answer.stream("text/event-stream",
                        List.of("data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n", "data: [DONE]\n\n"),
                        Duration.ZERO)
                .withHeader("x-ratelimit-limit-requests", "3")
                .withHeader("x-ratelimit-remaining-requests", "0")
                .withHeader("x-ratelimit-reset-requests", "20s"));
        fx.start(2, "strategy: fill-first");

        HttpResponse<String> first = fx.gw().post("/p/v1/chat/completions", CHAT);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("a", first.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        Readiness a = fx.pool().readiness().get("a");
        assertEquals(Readiness.Why.SPENT, a.why());
        assertNotNull(a.backAt());

        HttpResponse<String> second = fx.gw().post("/p/v1/chat/completions", CHAT);
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("b", second.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        assertEquals("1", second.headers().firstValue("X-Keyrelay-Attempts").orElseThrow(), "no failed attempt");

        fx.clock().advance(Duration.ofSeconds(21));
        HttpResponse<String> third = fx.gw().post("/p/v1/chat/completions", CHAT);
        assertEquals("a", third.headers().firstValue("X-Keyrelay-Key").orElseThrow(), "back after the reset");
        assertEquals("aba", fx.upstream().keySequence());
    }

    @Test
    void should_keep_an_anthropic_key_out_while_its_input_token_window_is_spent() throws Exception {
        String reset = fx.clock().instant().plusSeconds(30).toString();
        fx.upstream().script("key-a", Answer.ok()
                .withHeader("anthropic-ratelimit-input-tokens-limit", "40000")
                .withHeader("anthropic-ratelimit-input-tokens-remaining", "0")
                .withHeader("anthropic-ratelimit-input-tokens-reset", reset));
        fx.start(2, "strategy: fill-first");

        fx.gw().post("/p/v1/messages", CHAT);
        HttpResponse<String> second = fx.gw().post("/p/v1/messages", CHAT);

        assertEquals("b", second.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        assertEquals("1", second.headers().firstValue("X-Keyrelay-Attempts").orElseThrow());
        assertEquals(Readiness.Why.SPENT, fx.pool().readiness().get("a").why());
        assertEquals("ab", fx.upstream().keySequence());
    }

    @Test
    void should_show_each_window_in_the_admin_api_jmx_and_prometheus() throws Exception {
        fx.upstream().script("key-a", Answer.ok()
                .withHeader("x-ratelimit-limit-requests", "50")
                .withHeader("x-ratelimit-remaining-requests", "0")
                .withHeader("x-ratelimit-reset-requests", "30s")
                .withHeader("x-ratelimit-limit-tokens", "40000")
                .withHeader("x-ratelimit-remaining-tokens", "39000")
                .withHeader("x-ratelimit-reset-tokens", "6m0s"));
        fx.start(2, "strategy: fill-first");
        fx.gw().post("/p/v1/chat/completions", CHAT);

        JsonNode listed = new ObjectMapper().readTree(fx.gw().admin("GET", "/admin/providers/p/keys", null).body());
        JsonNode key = null;
        for (JsonNode k : listed.path("keys")) {
            key = "a".equals(k.path("id").asText()) ? k : key;
        }
        assertNotNull(key, listed.toString());
        assertFalse(key.path("usable").asBoolean(true), key.toString());
        assertTrue(key.path("reason").asText().startsWith("spent: requests 100 % used (0 of 50 left)"), key.toString());
        assertNotNull(key.path("until").textValue(), "out until the window resets, shown as a cooldown is");
        assertEquals(39000, key.path("quotas").path("tokens").path("remaining").asDouble(), key.toString());
        assertEquals(40000, key.path("quotas").path("tokens").path("limit").asDouble());
        assertTrue(key.path("quotas").path("requests").path("spent").asBoolean());

        PrometheusText metrics = new PrometheusText(fx.gw().management("/metrics").body());
        assertEquals(0, metrics.value("keyrelay_key_quota_remaining", "provider", "p", "key", "a", "window", "requests"));
        assertEquals(50, metrics.value("keyrelay_key_quota_limit", "provider", "p", "key", "a", "window", "requests"));
        double reset = metrics.value("keyrelay_key_quota_reset_time_seconds", "provider", "p", "key", "a", "window",
                "requests");
        assertEquals(fx.clock().instant().plusSeconds(30).getEpochSecond(), reset, 5);
    }
}
