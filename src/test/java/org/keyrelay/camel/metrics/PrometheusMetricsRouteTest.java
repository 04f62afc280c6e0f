package org.keyrelay.camel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.PrometheusText;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * GET /metrics on the management port, after a scripted sequence through the real routes: a rate limit that
 * rotates, a success, a quota that rotates, a success. Names, labels and values as Prometheus reads them. One
 * gateway for the class: every test only reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusMetricsRouteTest {

    private static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final Answer ANSWER = Answer.json(200, "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"content\":\"hello\"}}],"
            + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}");

    @TempDir
    static Path dir;

    private StubUpstream upstream;
    private RunningGateway gw;

    @BeforeAll
    void start() throws Exception {
        upstream = new StubUpstream();
        upstream.script("key-a", Answer.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}")
                .withHeader("Retry-After", "600"));
        upstream.otherwise(r -> ANSWER);
        upstream.script("key-b", ANSWER, Answer.json(403,
                "{\"error\":{\"message\":\"You've reached your usage limit for this billing cycle\",\"type\":\"access_terminated_error\"}}"));
        gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 3, "strategy: fill-first"),
                MutableClock.tickingFromNow());
        assertEquals(200, gw.post("/p/v1/chat/completions", CHAT).statusCode(), "a 429, then b answers");
        assertEquals(200, gw.post("/p/v1/chat/completions", CHAT).statusCode(), "b's quota is spent, then c answers");
        assertEquals("abbc", upstream.keySequence());
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
        upstream.close();
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> r = gw.management("/metrics");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        return new PrometheusText(r.body());
    }

    @Test
    void should_count_requests_per_key_by_outcome() throws Exception {
        PrometheusText m = scrape();

        assertEquals(1, m.value("keyrelay_requests_total", "provider", "p", "key", "a", "outcome", "rate_limited"));
        assertEquals(0, m.value("keyrelay_requests_total", "provider", "p", "key", "a", "outcome", "success"));
        assertEquals(1, m.value("keyrelay_requests_total", "provider", "p", "key", "b", "outcome", "success"));
        assertEquals(1, m.value("keyrelay_requests_total", "provider", "p", "key", "b", "outcome", "quota_exhausted"));
        assertEquals(1, m.value("keyrelay_requests_total", "provider", "p", "key", "c", "outcome", "success"));
        assertEquals(4, m.find("keyrelay_requests_total", "provider", "p").stream().mapToDouble(PrometheusText.Sample::value).sum(),
                "four upstream requests in all");
    }

    @Test
    void should_count_rotations_by_the_reason_the_key_was_left() throws Exception {
        PrometheusText m = scrape();

        assertEquals(1, m.value("keyrelay_rotations_total", "provider", "p", "reason", "rate_limited"));
        assertEquals(1, m.value("keyrelay_rotations_total", "provider", "p", "reason", "quota_exhausted"));
        assertEquals(0, m.value("keyrelay_rotations_total", "provider", "p", "reason", "key_invalid"));
    }

    @Test
    void should_show_each_key_state_health_and_the_usable_count() throws Exception {
        PrometheusText m = scrape();

        assertEquals(1, m.value("keyrelay_key_state", "provider", "p", "key", "a", "state", "cooling"));
        assertEquals(0, m.value("keyrelay_key_state", "provider", "p", "key", "a", "state", "active"));
        assertEquals(1, m.value("keyrelay_key_state", "provider", "p", "key", "b", "state", "cooling"));
        assertEquals(1, m.value("keyrelay_key_state", "provider", "p", "key", "c", "state", "active"));
        assertEquals(4, m.find("keyrelay_key_state", "key", "c").size(), "one series per state");
        assertEquals(85, m.value("keyrelay_key_health", "provider", "p", "key", "a"), "100 - 15 for a rate limit");
        assertEquals(70, m.value("keyrelay_key_health", "provider", "p", "key", "b"), "100 (+2 capped) - 30 for a quota");
        assertEquals(100, m.value("keyrelay_key_health", "provider", "p", "key", "c"));
        assertEquals(1, m.value("keyrelay_keys_usable", "provider", "p"));
    }

    @Test
    void should_count_the_state_store_errors_by_store() throws Exception {
        PrometheusText m = scrape();

        assertEquals(0, m.value("keyrelay_state_store_errors_total", "store", "file"), "a file store always answers");
    }

    @Test
    void should_count_the_tokens_each_key_used_as_the_provider_reported_them() throws Exception {
        PrometheusText m = scrape();

        assertEquals(11, m.value("keyrelay_tokens_total", "provider", "p", "key", "b", "direction", "in"));
        assertEquals(7, m.value("keyrelay_tokens_total", "provider", "p", "key", "b", "direction", "out"));
        assertEquals(11, m.value("keyrelay_tokens_total", "provider", "p", "key", "c", "direction", "in"));
        assertEquals(0, m.value("keyrelay_tokens_total", "provider", "p", "key", "a", "direction", "out"), "a never answered");
    }

    @Test
    void should_time_completed_answers_in_histograms_by_provider() throws Exception {
        PrometheusText m = scrape();

        assertEquals(2, m.value("keyrelay_upstream_seconds_count", "provider", "p"), "the two answers that completed");
        assertEquals(2, m.value("keyrelay_upstream_seconds_bucket", "provider", "p", "le", "+Inf"));
        assertEquals(2, m.value("keyrelay_time_to_first_byte_seconds_count", "provider", "p"));
        assertEquals(2, m.value("keyrelay_time_to_first_byte_seconds_bucket", "provider", "p", "le", "60.0"));
        double sum = m.value("keyrelay_upstream_seconds_sum", "provider", "p");
        assertTrue(sum > 0 && sum < 10, "two loopback answers took " + sum + " s");
        assertTrue(m.value("keyrelay_time_to_first_byte_seconds_sum", "provider", "p") <= sum);
    }

    @Test
    void should_serve_camel_route_metrics_from_the_same_registry() throws Exception {
        PrometheusText m = scrape();

        assertTrue(m.value("camel_exchanges_total", "routeId", "ingress") >= 2, m.find("camel_exchanges_total").toString());
        assertFalse(m.find("camel_route_policy_seconds_count", "routeId", "attempt").isEmpty());
    }

    @Test
    void should_name_keys_by_id_and_never_show_a_secret() throws Exception {
        String text = scrape().text();

        for (String secret : new String[] {"key-a", "key-b", "key-c"}) {
            assertFalse(text.contains(secret), "the scrape shows " + secret);
        }
        assertTrue(text.contains("key=\"a\""));
    }
}
