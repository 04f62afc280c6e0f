package org.keyrelay.camel.metrics;

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
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.PrometheusText;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * GET /health on the management port, without the admin token: UP while the routes run and every provider with
 * keys has a usable one; DOWN (503) with the reason per provider otherwise, and UP again when a key comes back.
 */
class HealthRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    private JsonNode health(int status) throws Exception {
        HttpResponse<String> r = fx.gw().management("/health");
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        return JSON.readTree(r.body());
    }

    @Test
    void should_go_down_when_every_key_is_disabled_and_up_again_when_one_is_enabled() throws Exception {
        fx.start(Keyrings.provider("http://127.0.0.1:9", 2));
        assertEquals("{\"status\":\"UP\"}", health(200).toString());

        assertEquals(200, fx.gw().admin("POST", "/admin/providers/p/keys/a/disable", null).statusCode());
        assertEquals("{\"status\":\"UP\"}", health(200).toString(), "one usable key is enough");
        assertEquals(200, fx.gw().admin("POST", "/admin/providers/p/keys/b/disable", null).statusCode());

        JsonNode down = health(503);
        assertEquals("DOWN", down.get("status").asText());
        assertEquals("DOWN", down.at("/providers/p/status").asText());
        assertEquals("no usable key of 2: 2 disabled", down.at("/providers/p/reason").asText());
        PrometheusText m = new PrometheusText(fx.gw().management("/metrics").body());
        assertEquals(0, m.value("keyrelay_keys_usable", "provider", "p"));
        assertEquals(1, m.value("keyrelay_key_state", "provider", "p", "key", "b", "state", "disabled"));

        assertEquals(200, fx.gw().admin("POST", "/admin/providers/p/keys/b/enable", null).statusCode());
        assertEquals("{\"status\":\"UP\"}", health(200).toString());
    }

    @Test
    void should_count_cooling_keys_as_not_usable_until_their_cooldown_ends() throws Exception {
        Answer limited = Answer.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}")
                .withHeader("Retry-After", "60");
        fx.upstream().script("key-a", limited);
        fx.upstream().script("key-b", limited);
        fx.start(2, "maxWait: 0s");
        assertEquals(429, fx.gw().post("/p/v1/chat/completions", "{}").statusCode());

        JsonNode down = health(503);
        String reason = down.at("/providers/p/reason").asText();
        assertTrue(reason.startsWith("no usable key of 2: 2 cooling (first back "), reason);
        assertTrue(reason.endsWith("in 60 s)") || reason.endsWith("in 59 s)"), reason);
        assertTrue(down.at("/providers/p/back").asText().endsWith("Z"), down.toString());

        fx.clock().advance(Duration.ofSeconds(61));
        assertEquals("{\"status\":\"UP\"}", health(200).toString(), "a key whose cooldown ended is taken by the next request");
    }

    @Test
    void should_leave_out_a_provider_without_keys_and_name_only_the_providers_down() throws Exception {
        fx.start("providers:\n"
                + "  - id: empty\n    upstream: http://127.0.0.1:9\n"
                + "  - id: p\n    upstream: http://127.0.0.1:9\n    keys: [{id: a, secret: key-a}]\n"
                + "  - id: q\n    upstream: http://127.0.0.1:9\n    keys: [{id: a, secret: key-qa}]\n");
        assertEquals("{\"status\":\"UP\"}", health(200).toString());

        assertEquals(200, fx.gw().admin("POST", "/admin/providers/q/keys/a/disable", null).statusCode());

        List<String> down = new ArrayList<>();
        health(503).get("providers").fieldNames().forEachRemaining(down::add);
        assertEquals(List.of("q"), down, "p is up, empty has no keys");
    }

    @Test
    void should_go_down_while_a_route_is_stopped() throws Exception {
        fx.start(Keyrings.provider("http://127.0.0.1:9", 1));

        fx.gw().main().getCamelContext().getRouteController().stopRoute("ingress");
        assertEquals("route ingress is stopped", health(503).at("/routes/reason").asText());

        fx.gw().main().getCamelContext().getRouteController().startRoute("ingress");
        assertEquals("{\"status\":\"UP\"}", health(200).toString());
    }
}
