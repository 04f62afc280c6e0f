package org.example.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application as its users run it, with Keyrelay in it, against a provider on loopback. */
class GatewayAppTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private StubUpstream upstream;
    private Main main;
    private int gatewayPort;
    private int managementPort;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        upstream = new StubUpstream();
        Path keyring = dir.resolve("keyring.yaml");
        Files.writeString(keyring, """
                providers:
                  - id: stub
                    upstream: %s
                    auth: bearer
                    strategy: fill-first
                    keys:
                      - {id: limited, secret: key-limited}
                      - {id: good, secret: key-good}
                """.formatted(upstream.baseUrl()));
        gatewayPort = freePort();
        managementPort = freePort();
        main = new Main(GatewayApp.class);
        main.addOverrideProperty("keyrelay.keyring", keyring.toString());
        main.addOverrideProperty("keyrelay.port", Integer.toString(gatewayPort));
        main.addOverrideProperty("keyrelay.state-dir", dir.resolve("state").toString());
        main.addOverrideProperty("camel.management.port", Integer.toString(managementPort));
        main.start();
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void should_rotate_past_a_rate_limited_key_and_show_it_in_the_apps_health_and_metrics() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gatewayPort + "/stub/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"content\":\"hello\""), answer.body());
        assertEquals(List.of("Bearer key-limited", "Bearer key-good"), upstream.authorizations());

        String health = get("/observe/health?data=true");
        assertTrue(health.contains("keyrelay"), health);
        assertTrue(health.contains("UP: 1 of 2 keys usable"), health);

        String metrics = get("/observe/metrics");
        assertTrue(Pattern.compile("(?m)^keyrelay_rotations_total\\{[^}]*reason=\"rate_limited\"[^}]*} 1\\.0$")
                .matcher(metrics).find(), metrics);
        assertTrue(Pattern.compile("(?m)^keyrelay_requests_total\\{[^}]*key=\"good\"[^}]*outcome=\"success\"[^}]*} 1\\.0$")
                .matcher(metrics).find(), metrics);
        assertTrue(!metrics.contains("key-good") && !metrics.contains("key-limited"), "no secret in the metrics");
    }

    private String get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
