package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * {@code POST /admin/providers/{p}/refresh} and the KeyPool MBean's {@code refresh()}: every key of the provider reset
 * at once through the real routes, a disabled key left disabled; {@code recovery: off} keeps health where it fell.
 */
class KeyRefreshRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    /** a: rate limited for 10 minutes, b: rejected as invalid, c: disabled by the operator; d serves. */
    private void putThreeKeysOut() throws Exception {
        fx.upstream().script("key-a", Answer.rateLimited(600));
        fx.upstream().script("key-b", Answer.json(401, "{\"error\":\"invalid api key\"}"));
        fx.start(4, "strategy: fill-first", "recovery: off");
        assertEquals(200, fx.gw().admin("POST", "/admin/providers/p/keys/c/disable", null).statusCode());
        assertEquals(200, fx.gw().post("/p/v1/chat/completions", "{}").statusCode());
        assertEquals("abd", fx.upstream().keySequence());
    }

    private static JsonNode key(JsonNode answer, String id) {
        for (JsonNode k : answer.path("keys")) {
            if (k.path("id").asText().equals(id)) {
                return k;
            }
        }
        throw new AssertionError("no key " + id + " in " + answer);
    }

    @Test
    void should_reset_every_key_of_the_provider_through_the_admin_api() throws Exception {
        putThreeKeysOut();
        fx.clock().advance(Duration.ofHours(2)); // a's cooldown is over; b waits for its probe (fail window 5 h)
        assertEquals(85, key(JSON.readTree(fx.gw().admin("GET", "/admin/providers/p/keys", null).body()), "a")
                .path("health").asInt(), "recovery: off keeps the penalised health");

        assertEquals(401, fx.gw().adminAs("Bearer wrong-token", "POST", "/admin/providers/p/refresh", null).statusCode());
        HttpResponse<String> refreshed = fx.gw().admin("POST", "/admin/providers/p/refresh", null);

        assertEquals(200, refreshed.statusCode(), refreshed.body());
        JsonNode answer = JSON.readTree(refreshed.body());
        assertEquals("p", answer.at("/provider/id").asText());
        assertEquals(3, answer.at("/provider/usableNow").asInt());
        assertEquals("active", key(answer, "a").path("state").asText());
        assertEquals(100, key(answer, "a").path("health").asInt());
        assertEquals("active", key(answer, "b").path("state").asText());
        assertEquals(100, key(answer, "b").path("health").asInt());
        assertEquals("disabled", key(answer, "c").path("state").asText(), "a disabled key stays disabled");
        assertFalse(refreshed.body().contains("key-a"), "no secret in the answer");

        assertEquals(200, fx.gw().post("/p/v1/chat/completions", "{}").statusCode());
        assertEquals("abda", fx.upstream().keySequence(), "the first key serves again");
        HttpResponse<String> unknown = fx.gw().admin("POST", "/admin/providers/nope/refresh", null);
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("Known providers: p"), unknown.body());
    }

    @Test
    void should_refresh_through_the_key_pool_mbean() throws Exception {
        putThreeKeysOut();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("keyrelay:type=KeyPool,provider=p");

        Object answer = server.invoke(name, "refresh", new Object[0], new String[0]);

        assertEquals("refreshed: a active 100%, b active 100%, c disabled 100%, d active 100%", answer);
        assertEquals(3, server.getAttribute(name, "UsableKeys"));
        assertTrue(server.getMBeanInfo(name).getOperations().length > 0);
    }
}
