package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.KeyrelayApplication;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.KeyringException;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;

/** What the gateway answers itself: unknown providers, oversized bodies, client tokens, unsafe setups. */
class IngressRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void should_answer_404_naming_the_known_providers() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 1), MutableClock.tickingFromNow())) {
            HttpResponse<String> r = gw.post("/nope/v1/chat/completions", "{}");

            assertEquals(404, r.statusCode());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
            JsonNode error = JSON.readTree(r.body()).get("error");
            assertEquals("unknown_provider", error.get("type").asText());
            assertEquals("p", error.get("known_providers").get(0).asText());
            assertTrue(upstream.received().isEmpty());
        }
    }

    @Test
    void should_serve_on_netty_epoll_transport_on_linux() throws Exception {
        String arch = System.getProperty("os.arch");
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && (arch.equals("amd64") || arch.equals("aarch64")), "the native transport ships for Linux x86-64 and aarch64");
        assertTrue(io.netty.channel.epoll.Epoll.isAvailable(), () -> "epoll: " + io.netty.channel.epoll.Epoll.unavailabilityCause());
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 1), MutableClock.tickingFromNow())) {
            org.apache.camel.component.netty.http.NettyHttpEndpoint ingress = (org.apache.camel.component.netty.http.NettyHttpEndpoint)
                    gw.main().getCamelContext().getRoute("ingress").getEndpoint();

            assertTrue(ingress.getConfiguration().isNativeTransport(), "the ingress route asks for the native transport");
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode(), "and relays on it");
        }
    }

    @Test
    void should_answer_413_for_a_body_over_maxBodyBytes() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, "maxBodyBytes: 100\n" + Keyrings.provider(upstream.baseUrl(), 1),
                     MutableClock.tickingFromNow())) {
            HttpResponse<String> r = gw.post("/p/v1/chat/completions", "{\"x\":\"" + "a".repeat(150) + "\"}");

            assertEquals(413, r.statusCode());
            assertEquals("request_too_large", JSON.readTree(r.body()).at("/error/type").asText());
            assertTrue(upstream.received().isEmpty());
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode(), "a body under the limit passes");
        }
    }

    @Test
    void should_refuse_a_request_without_a_valid_client_token() throws Exception {
        try (StubUpstream upstream = new StubUpstream()) {
            String keyring = Keyrings.provider(upstream.baseUrl(), 1) + "clients:\n  - {id: laptop, token: tok-laptop}\n";
            try (RunningGateway gw = RunningGateway.start(dir, keyring, MutableClock.tickingFromNow(),
                    Map.of("KEYRELAY_CLIENT_TOKENS", "tok-env"))) {
                assertEquals(401, gw.post("/p/v1/chat/completions", "{}").statusCode());
                HttpResponse<String> wrong = gw.post("/p/v1/chat/completions", "{}", "Authorization", "Bearer tok-wrong");
                assertEquals(401, wrong.statusCode());
                assertEquals("unauthorized", JSON.readTree(wrong.body()).at("/error/type").asText());
                assertTrue(upstream.received().isEmpty(), "a rejected request reaches no upstream");

                assertEquals(200, gw.post("/p/v1/chat/completions", "{}", "Authorization", "Bearer tok-laptop").statusCode());
                assertEquals(200, gw.post("/p/v1/chat/completions", "{}", "x-api-key", "tok-env").statusCode());
                assertEquals("Bearer key-a", upstream.received().get(0).header("Authorization"));
                assertEquals(null, upstream.received().get(1).header("x-api-key"), "the client token is not forwarded");
            }
        }
    }

    @Test
    void should_refuse_to_start_on_a_public_address_without_client_tokens() throws Exception {
        Path keyring = Files.writeString(dir.resolve("keyring.yaml"), Keyrings.provider("http://127.0.0.1:9", 1));
        GatewaySettings settings = new GatewaySettings(keyring, "0.0.0.0", 0, dir.resolve("state"), null, List.of());

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyrelayApplication.create(settings, Map.of(), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("without client tokens"), e.getMessage());
    }

    @Test
    void should_refuse_to_start_with_a_malformed_keyring_naming_file_line_and_setting() throws Exception {
        Path keyring = Files.writeString(dir.resolve("keyring.yaml"),
                "providers:\n  - id: p\n    upstream: http://127.0.0.1:9\n    strategy: fastest\n");
        GatewaySettings settings = new GatewaySettings(keyring, "127.0.0.1", 0, dir.resolve("state"), null, List.of());

        KeyringException e = assertThrows(KeyringException.class,
                () -> KeyrelayApplication.create(settings, Map.of(), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("keyring.yaml:4: providers[0].strategy: 'fastest' is not one of"), e.getMessage());
    }
}
