package org.example.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application as its users run it, with Keyrelay in it, against a provider on loopback. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // Spring Boot tests leave metrics export off unless asked
class GatewayApplicationTest {

    private static final StubUpstream UPSTREAM;
    private static final Path DIR;
    private static final int GATEWAY_PORT;

    static {
        try {
            UPSTREAM = new StubUpstream();
            DIR = Files.createTempDirectory("keyrelay-spring-boot");
            try (ServerSocket s = new ServerSocket(0)) {
                GATEWAY_PORT = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int serverPort;

    @Autowired
    private MeterRegistry meterRegistry;

    @Autowired
    private CamelContext camelContext;

    @DynamicPropertySource
    static void keyrelay(DynamicPropertyRegistry properties) throws IOException {
        Path keyring = DIR.resolve("keyring.yaml");
        Files.writeString(keyring, """
                providers:
                  - id: stub
                    upstream: %s
                    auth: bearer
                    strategy: fill-first
                    keys:
                      - {id: limited, secret: key-limited}
                      - {id: good, secret: key-good}
                """.formatted(UPSTREAM.baseUrl()));
        properties.add("keyrelay.keyring", keyring::toString);
        properties.add("keyrelay.port", () -> GATEWAY_PORT);
        properties.add("keyrelay.state-dir", () -> DIR.resolve("state").toString());
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @Test
    void should_rotate_past_a_rate_limited_key_and_show_it_in_the_apps_actuator_and_registry() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + GATEWAY_PORT + "/stub/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"content\":\"hello\""), answer.body());
        assertEquals(List.of("Bearer key-limited", "Bearer key-good"), UPSTREAM.authorizations());

        String health = get("/actuator/health");
        assertTrue(health.contains("keyrelay"), health);
        assertTrue(health.contains("UP: 1 of 2 keys usable"), health);

        // the application's own registry, and its own Prometheus scrape
        assertEquals(1.0, meterRegistry.get("keyrelay.rotations").tag("provider", "stub")
                .tag("reason", "rate_limited").counter().count());
        assertEquals(1.0, meterRegistry.get("keyrelay.requests").tag("key", "good").tag("outcome", "success")
                .counter().count());
        String scrape = get("/actuator/prometheus");
        assertTrue(Pattern.compile("(?m)^keyrelay_requests_total\\{[^}]*key=\"good\"[^}]*outcome=\"success\"[^}]*} 1\\.0$")
                .matcher(scrape).find(), scrape);
        assertFalse(scrape.contains("key-good") || scrape.contains("key-limited"), "no secret in the metrics");
    }

    @Test
    void should_start_no_management_server_of_its_own() {
        // the standalone jar's management port (Jetty: admin API, /metrics, Hawtio) is not part of the library's setup
        assertEquals(null, camelContext.getRegistry().lookupByName("managementServer"));
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("qtp")),
                "no Jetty thread pool in the application");
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
