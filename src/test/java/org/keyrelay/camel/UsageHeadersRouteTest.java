package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.Readiness;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.PrometheusText;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/** A key whose answers say its window is spent is not sent the next request, and comes back at the window's reset. */
class UsageHeadersRouteTest {

    private static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;

    private StubUpstream upstream;
    private RunningGateway gw;
    private final MutableClock clock = MutableClock.tickingFromNow();

    @BeforeEach
    void upstream() throws Exception {
        upstream = new StubUpstream();
    }

    @AfterEach
    void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
        upstream.close();
    }

    private KeyPool pool() {
        return gw.gateway().provider("p").orElseThrow().pool();
    }

    @Test
    void should_send_the_next_request_to_b_when_a_streamed_answer_says_a_has_no_request_left() throws Exception {
        upstream.script("key-a", Answer.stream("text/event-stream",
                        List.of("data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n", "data: [DONE]\n\n"),
                        Duration.ZERO)
                .withHeader("x-ratelimit-limit-requests", "3")
                .withHeader("x-ratelimit-remaining-requests", "0")
                .withHeader("x-ratelimit-reset-requests", "20s"));
        gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2, "strategy: fill-first"), clock);

        HttpResponse<String> first = gw.post("/p/v1/chat/completions", CHAT);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("a", first.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        Readiness a = pool().readiness().get("a");
        assertEquals(Readiness.Why.SPENT, a.why());
        assertNotNull(a.backAt());

        HttpResponse<String> second = gw.post("/p/v1/chat/completions", CHAT);
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("b", second.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        assertEquals("1", second.headers().firstValue("X-Keyrelay-Attempts").orElseThrow(), "no failed attempt");

        clock.advance(Duration.ofSeconds(21));
        HttpResponse<String> third = gw.post("/p/v1/chat/completions", CHAT);
        assertEquals("a", third.headers().firstValue("X-Keyrelay-Key").orElseThrow(), "back after the reset");
        assertEquals("aba", upstream.keySequence());
    }

    @Test
    void should_keep_an_anthropic_key_out_while_its_input_token_window_is_spent() throws Exception {
        String reset = clock.instant().plusSeconds(30).toString();
        upstream.script("key-a", Answer.ok()
                .withHeader("anthropic-ratelimit-input-tokens-limit", "40000")
                .withHeader("anthropic-ratelimit-input-tokens-remaining", "0")
                .withHeader("anthropic-ratelimit-input-tokens-reset", reset));
        gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2, "strategy: fill-first"), clock);

        gw.post("/p/v1/messages", CHAT);
        HttpResponse<String> second = gw.post("/p/v1/messages", CHAT);

        assertEquals("b", second.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        assertEquals("1", second.headers().firstValue("X-Keyrelay-Attempts").orElseThrow());
        assertEquals(Readiness.Why.SPENT, pool().readiness().get("a").why());
        assertEquals("ab", upstream.keySequence());
    }

    @Test
    void should_show_each_window_in_the_admin_api_jmx_and_prometheus() throws Exception {
        upstream.script("key-a", Answer.ok()
                .withHeader("x-ratelimit-limit-requests", "50")
                .withHeader("x-ratelimit-remaining-requests", "0")
                .withHeader("x-ratelimit-reset-requests", "30s")
                .withHeader("x-ratelimit-limit-tokens", "40000")
                .withHeader("x-ratelimit-remaining-tokens", "39000")
                .withHeader("x-ratelimit-reset-tokens", "6m0s"));
        gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2, "strategy: fill-first"), clock);
        gw.post("/p/v1/chat/completions", CHAT);

        JsonNode listed = new ObjectMapper().readTree(gw.admin("GET", "/admin/providers/p/keys", null).body());
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

        PrometheusText metrics = new PrometheusText(gw.management("/metrics").body());
        assertEquals(0, metrics.value("keyrelay_key_quota_remaining", "provider", "p", "key", "a", "window", "requests"));
        assertEquals(50, metrics.value("keyrelay_key_quota_limit", "provider", "p", "key", "a", "window", "requests"));
        double reset = metrics.value("keyrelay_key_quota_reset_time_seconds", "provider", "p", "key", "a", "window",
                "requests");
        assertEquals(clock.instant().plusSeconds(30).getEpochSecond(), reset, 5);
    }
}
