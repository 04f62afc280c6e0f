package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.FakeModelsProvider;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/** GET /admin/providers/{p}/models on the management port, and the KeyPool MBean's models operation. */
class ModelsRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    private long tagRequests(StubUpstream upstream) {
        return upstream.received().stream().filter(r -> r.path().equals("/api/tags")).count();
    }

    @Test
    void should_answer_the_catalog_behind_the_admin_token_and_refresh_on_demand() throws Exception {
        fx.upstream().otherwise(FakeModelsProvider.ollama());
        RunningGateway gw = fx.start(3, "strategy: fill-first");
        HttpResponse<String> anonymous = gw.adminAs(null, "GET", "/admin/providers/p/models", null);
        assertEquals(401, anonymous.statusCode());
        assertEquals(0, fx.upstream().received().size(), "nothing read for a caller without the token");

        HttpResponse<String> r = gw.admin("GET", "/admin/providers/p/models", null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = JSON.readTree(r.body());
        assertEquals("ollama", body.get("api").asText());
        assertEquals(gw.url("/p"), body.get("baseUrl").asText());
        JsonNode gptOss = body.get("models").get(0);
        assertEquals("gpt-oss:120b", gptOss.get("id").asText());
        assertEquals(131072, gptOss.get("context").asInt());
        assertEquals("[\"completion\",\"tools\",\"thinking\"]", gptOss.get("capabilities").toString());
        assertEquals("[\"a\",\"b\"]", gptOss.get("keys").toString());
        assertEquals("[\"c\"]", gptOss.get("refused").toString());
        assertEquals("[\"a\"]", body.at("/models/1/refused").toString(), "a was refused qwen3-vl");
        assertFalse(r.body().contains("key-a"), "no secret in the answer");
        long reads = tagRequests(fx.upstream());

        assertEquals(200, gw.admin("GET", "/admin/providers/p/models", null).statusCode());
        assertEquals(reads, tagRequests(fx.upstream()), "kept for the refresh period");
        assertEquals(200, gw.admin("GET", "/admin/providers/p/models?refresh=true", null).statusCode());
        assertTrue(tagRequests(fx.upstream()) > reads, "refresh=true reads the lists again");

        HttpResponse<String> bad = gw.admin("GET", "/admin/providers/p/models?refresh=yes", null);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("refresh: 'yes' is not one of true, false"), bad.body());
        HttpResponse<String> unknown = gw.admin("GET", "/admin/providers/nope/models", null);
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("Known providers: p"), unknown.body());

        String table = (String) ManagementFactory.getPlatformMBeanServer().invoke(KeyPoolMBeans.name("p"), "models",
                new Object[] {false}, new String[] {boolean.class.getName()});
        assertTrue(table.contains("gpt-oss:120b") && table.contains("131072") && table.contains("a,b (not c)"), table);
    }

    @Test
    void should_answer_502_when_the_models_endpoint_fails_and_no_list_was_read_before() throws Exception {
        fx.upstream().otherwise(r -> Answer.json(500, "{\"error\":\"internal error\"}"));
        RunningGateway gw = fx.start(2);
        HttpResponse<String> r = gw.admin("GET", "/admin/providers/p/models", null);

        assertEquals(502, r.statusCode(), r.body());
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertEquals("models_unavailable", error.get("type").asText());
        assertTrue(error.get("message").asText().contains("GET /api/tags"), error.toString());
    }
}
