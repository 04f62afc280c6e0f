package org.keyrelay.camel.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.pool.KeyState;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;

/**
 * The console's Jolokia (/hawtio/jolokia on the management port) under the access policy: attributes can be read,
 * keyrelay's pool operations invoked; any other write or operation is refused with 403 and changes nothing; and
 * other web pages cannot call it through a browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JolokiaPolicyRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POOL = "keyrelay:type=KeyPool,provider=p";
    private static final String INGRESS = "org.apache.camel:context=keyrelay,type=routes,name=\"ingress\"";

    @TempDir
    static Path dir;

    private RunningGateway gw;

    @BeforeAll
    void start() throws Exception {
        gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 2), MutableClock.tickingFromNow());
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    private HttpResponse<String> post(String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.adminUrl("/hawtio/jolokia")))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return gw.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode jolokia(String json) throws Exception {
        HttpResponse<String> r = post(json);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** A Jolokia call with the admin token, as a console operation needs even on loopback. */
    private JsonNode operation(String json) throws Exception {
        HttpResponse<String> r = post(json, "Authorization", "Bearer " + gw.adminToken());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void should_read_attributes_of_the_pools_and_of_camel() throws Exception {
        JsonNode keys = jolokia("{\"type\":\"read\",\"mbean\":\"" + POOL + "\",\"attribute\":\"Keys\"}");
        assertEquals(200, keys.get("status").asInt(), keys.toString());
        assertTrue(keys.get("value").get(0).asText().startsWith("a  "), keys.toString());
        assertFalse(keys.toString().contains("key-a"), "secrets stay masked");

        String ingress = INGRESS.replace("\"", "\\\"");
        JsonNode state = jolokia("{\"type\":\"read\",\"mbean\":\"" + ingress + "\",\"attribute\":\"State\"}");
        assertEquals("Started", state.get("value").asText(), state.toString());
    }

    @Test
    void should_invoke_a_key_pool_operation() throws Exception {
        JsonNode r = operation("{\"type\":\"exec\",\"mbean\":\"" + POOL + "\",\"operation\":\"disable\",\"arguments\":[\"b\"]}");
        assertEquals(200, r.get("status").asInt(), r.toString());
        assertEquals(KeyState.DISABLED, gw.gateway().provider("p").orElseThrow().pool().memories().get(1).state());

        r = operation("{\"type\":\"exec\",\"mbean\":\"" + POOL + "\",\"operation\":\"enable(java.lang.String)\",\"arguments\":[\"b\"]}");
        assertEquals(200, r.get("status").asInt(), r.toString());
        assertEquals(KeyState.ACTIVE, gw.gateway().provider("p").orElseThrow().pool().memories().get(1).state());
    }

    @Test
    void should_ask_for_the_admin_token_to_run_a_key_pool_operation_on_loopback() throws Exception {
        String disable = "{\"type\":\"exec\",\"mbean\":\"" + POOL + "\",\"operation\":\"disable\",\"arguments\":[\"a\"]}";

        assertEquals(401, post(disable).statusCode());
        assertEquals(401, post("[{\"type\":\"version\"}," + disable + "]").statusCode(), "inside a bulk request too");
        assertEquals(401, post(disable, "Authorization", "Bearer not-the-token").statusCode());
        HttpRequest get = HttpRequest.newBuilder(URI.create(gw.adminUrl("/hawtio/jolokia/exec/" + POOL + "/disable/a")))
                .timeout(Duration.ofSeconds(20)).build();
        assertEquals(401, gw.client().send(get, HttpResponse.BodyHandlers.ofString()).statusCode(), "as a GET too");
        assertEquals(KeyState.ACTIVE, gw.gateway().provider("p").orElseThrow().pool().memories().get(0).state());
        String basic = java.util.Base64.getEncoder().encodeToString(("admin:" + gw.adminToken()).getBytes());
        String enable = disable.replace("disable", "enable");
        assertEquals(200, post(enable, "Authorization", "Basic " + basic).statusCode(), "the console login works too");
    }

    @Test
    void should_refuse_stopping_a_route() throws Exception {
        JsonNode r = jolokia("{\"type\":\"exec\",\"mbean\":\"" + INGRESS.replace("\"", "\\\"") + "\",\"operation\":\"stop()\"}");

        assertEquals(403, r.get("status").asInt(), r.toString());
        assertEquals(ServiceStatus.Started, gw.main().getCamelContext().getRouteController().getRouteStatus("ingress"));
    }

    @Test
    void should_refuse_writing_an_attribute_outside_keyrelay() throws Exception {
        boolean before = ManagementFactory.getMemoryMXBean().isVerbose();

        JsonNode r = jolokia("{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":"
                + !before + "}");

        assertEquals(403, r.get("status").asInt(), r.toString());
        assertEquals(before, ManagementFactory.getMemoryMXBean().isVerbose());
    }

    @Test
    void should_refuse_a_heap_dump() throws Exception {
        Path dump = dir.resolve("heap.hprof");

        JsonNode r = jolokia("{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"operation\":\"dumpHeap\",\"arguments\":[\"" + dump + "\",true]}");

        assertEquals(403, r.get("status").asInt(), r.toString());
        assertFalse(dump.toFile().exists());
    }

    @Test
    void should_refuse_calls_from_other_web_pages() throws Exception {
        String disable = "{\"type\":\"exec\",\"mbean\":\"" + POOL + "\",\"operation\":\"disable\",\"arguments\":[\"a\"]}";

        assertEquals(403, post(disable, "Origin", "http://evil.example").statusCode());
        assertEquals(403, post(disable, "Sec-Fetch-Site", "cross-site").statusCode());
        assertEquals(KeyState.ACTIVE, gw.gateway().provider("p").orElseThrow().pool().memories().get(0).state());
        String own = gw.adminUrl("").replaceAll("/+$", "");
        assertEquals(200, post("{\"type\":\"version\"}", "Origin", own, "Sec-Fetch-Site", "same-origin").statusCode());
    }
}
