package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.StubUpstream.Answer;
import org.keyrelay.support.StubUpstream.Received;

/** The client's credentials never reach the upstream; the chosen key does, in the provider's auth style. */
class HeaderHygieneRouteTest {

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    @BeforeEach
    void start() throws Exception {
        fx.upstream().otherwise(r -> Answer.ok().withHeader("X-Request-Id", "req-1"));
        String keyring = """
                providers:
                  - id: bearer
                    upstream: %1$s/coding
                    keys: [{id: main, secret: key-main}]
                  - id: anth
                    upstream: %1$s
                    auth: x-api-key
                    keys: [{id: main, secret: key-anth}]
                  - id: custom
                    upstream: %1$s
                    auth: header:api-key
                    keys: [{id: main, secret: key-custom}]
                """.formatted(fx.upstream().baseUrl());
        fx.start(keyring);
    }

    @Test
    void should_strip_client_credentials_and_apply_the_key_as_bearer() throws Exception {
        HttpResponse<String> r = fx.gw().post("/bearer/v1/chat/completions?beta=true&x=a%20b", "{\"model\":\"m\"}",
                "Authorization", "Bearer client-own-token",
                "x-api-key", "client-other-token",
                "X-Custom", "kept",
                "Accept", "application/json");

        Received got = fx.upstream().received().get(0);
        assertEquals("/coding/v1/chat/completions", got.path(), "the base path is kept, the rest appended");
        assertEquals("beta=true&x=a%20b", got.query());
        assertEquals("Bearer key-main", got.header("Authorization"));
        assertNull(got.header("x-api-key"));
        assertEquals("kept", got.header("X-Custom"));
        assertEquals("{\"model\":\"m\"}", got.body());
        assertEquals(1, got.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("authorization"))
                .mapToInt(e -> e.getValue().size()).sum(), "exactly one Authorization reaches the upstream");

        assertEquals(200, r.statusCode());
        assertEquals("main", r.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        assertEquals("1", r.headers().firstValue("X-Keyrelay-Attempts").orElseThrow());
        assertEquals("req-1", r.headers().firstValue("X-Request-Id").orElseThrow(), "upstream headers come back");
        assertTrue(r.headers().firstValue("Authorization").isEmpty(), "request headers do not echo back");
        assertTrue(r.headers().firstValue("X-Custom").isEmpty(), "request headers do not echo back");
    }

    @Test
    void should_apply_the_key_as_x_api_key_and_drop_the_clients_authorization() throws Exception {
        fx.gw().post("/anth/v1/messages", "{}", "Authorization", "Bearer client-own-token", "x-api-key", "client-key",
                "anthropic-version", "2023-06-01");

        Received got = fx.upstream().received().get(0);
        assertEquals("key-anth", got.header("x-api-key"));
        assertNull(got.header("Authorization"));
        assertEquals("2023-06-01", got.header("anthropic-version"));
    }

    @Test
    void should_apply_the_key_in_a_named_header() throws Exception {
        fx.gw().get("/custom/v1/models", "api-key", "client-value", "Authorization", "Bearer client-own-token");

        Received got = fx.upstream().received().get(0);
        assertEquals("GET", got.method());
        assertEquals("key-custom", got.header("api-key"));
        assertNull(got.header("Authorization"));
    }

    @Test
    void should_drop_hop_by_hop_headers_and_those_connection_names() throws Exception {
        String request = "POST /bearer/v1/chat/completions HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Connection: close, X-Hop\r\n"
                + "X-Hop: secret-hop\r\n"
                + "Proxy-Authorization: Basic abc\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "Upgrade-Insecure-Requests: 1\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}";
        URI uri = URI.create(fx.gw().url("/"));
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.toLowerCase().contains("connection: close"), "Connection: close is honoured: " + answer);
        }

        Received got = fx.upstream().received().get(0);
        assertNull(got.header("X-Hop"));
        assertNull(got.header("Proxy-Authorization"));
        assertNull(got.header("Keep-Alive"));
        assertEquals("1", got.header("Upgrade-Insecure-Requests"));
    }
}
