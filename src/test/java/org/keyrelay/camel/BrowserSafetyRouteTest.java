package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.pool.KeyState;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.RawHttp;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;

/**
 * No web page spends the keys: on both ports a foreign Host (DNS rebinding) or a web page that is not allowed is
 * refused before anything goes upstream; an allowed origin gets CORS answers; the upstream's CORS headers never reach
 * a client.
 */
class BrowserSafetyRouteTest {

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    private static String request(String method, String path, String host, String... headers) {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            b.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        String body = method.equals("POST") ? "{\"model\":\"m\"}" : "";
        return b.append("Content-Length: ").append(body.length()).append("\r\nConnection: close\r\n\r\n").append(body).toString();
    }

    private static String send(String url, String raw) throws Exception {
        try (RawHttp http = RawHttp.to(url, 5000)) {
            return http.send(raw).readAll().toLowerCase(Locale.ROOT);
        }
    }

    @Test
    void should_refuse_a_cross_site_page_and_a_rebinding_host_before_the_upstream() throws Exception {
        RunningGateway gw = fx.start(1);
        String own = "127.0.0.1:" + URI.create(gw.url("/")).getPort();
        String crossSite = send(gw.url("/"), request("POST", "/p/v1/chat/completions", own, "Content-Type", "text/plain",
                "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"));
        assertTrue(crossSite.startsWith("http/1.1 403"), crossSite);
        assertTrue(crossSite.contains("\"type\":\"forbidden\"") && crossSite.contains("allowedorigins"), crossSite);
        assertFalse(crossSite.toLowerCase(Locale.ROOT).contains("access-control-allow-origin"), crossSite);

        String noOrigin = send(gw.url("/"), request("POST", "/p/v1/chat/completions", own, "Sec-Fetch-Site", "cross-site"));
        assertTrue(noOrigin.startsWith("http/1.1 403"), noOrigin);

        String rebinding = send(gw.url("/"), request("POST", "/p/v1/chat/completions",
                "rebind.evil.example:" + URI.create(gw.url("/")).getPort()));
        assertTrue(rebinding.startsWith("http/1.1 403"), rebinding);
        assertTrue(rebinding.contains("rebind.evil.example"), rebinding);
        assertTrue(fx.upstream().received().isEmpty(), "nothing reached the upstream");

        assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode(), "a client that is not a browser passes");
        String localhost = send(gw.url("/"), request("POST", "/p/v1/chat/completions", "localhost"));
        assertTrue(localhost.startsWith("http/1.1 200"), localhost);
    }

    @Test
    void should_answer_an_allowed_origin_with_cors_and_never_pass_the_upstreams_own() throws Exception {
        fx.upstream().otherwise(r -> StubUpstream.Answer.json(200, "{\"ok\":true}")
                .withHeader("Access-Control-Allow-Origin", "*").withHeader("Access-Control-Allow-Credentials", "true"));
        String keyring = "allowedOrigins: [\"http://localhost:3000\"]\nallowedHosts: [gateway.lan]\n"
                + Keyrings.provider(fx.upstream().baseUrl(), 1);
        RunningGateway gw = fx.start(keyring);
        int port = URI.create(gw.url("/")).getPort();
        String preflight = send(gw.url("/"), request("OPTIONS", "/p/v1/chat/completions", "127.0.0.1:" + port,
                "Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization, content-type", "Sec-Fetch-Site", "cross-site"));
        assertTrue(preflight.startsWith("http/1.1 204"), preflight);
        assertTrue(preflight.contains("access-control-allow-origin: http://localhost:3000"), preflight);
        assertTrue(preflight.contains("access-control-allow-methods: get, post"), preflight);
        assertTrue(preflight.contains("access-control-allow-headers: authorization, content-type"), preflight);
        assertTrue(fx.upstream().received().isEmpty(), "a preflight is answered by the gateway");

        String allowed = send(gw.url("/"), request("POST", "/p/v1/chat/completions", "127.0.0.1:" + port,
                "Origin", "http://localhost:3000", "Sec-Fetch-Site", "cross-site"));
        assertTrue(allowed.startsWith("http/1.1 200"), allowed);
        String lower = allowed.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("access-control-allow-origin: http://localhost:3000"), allowed);
        assertFalse(lower.contains("access-control-allow-origin: *"), "the upstream's own CORS is dropped: " + allowed);
        assertFalse(lower.contains("access-control-allow-credentials"), allowed);

        String other = send(gw.url("/"), request("POST", "/p/v1/chat/completions", "127.0.0.1:" + port,
                "Origin", "http://localhost:3001"));
        assertTrue(other.startsWith("http/1.1 403"), other);
        String plain = send(gw.url("/"), request("POST", "/p/v1/chat/completions", "127.0.0.1:" + port));
        assertFalse(plain.toLowerCase(Locale.ROOT).contains("access-control-"), "no Origin, no CORS: " + plain);

        String listedHost = send(gw.url("/"), request("POST", "/p/v1/chat/completions", "gateway.lan:" + port));
        assertTrue(listedHost.startsWith("http/1.1 200"), listedHost);
    }

    @Test
    void should_guard_the_management_port_and_the_console_against_rebinding() throws Exception {
        RunningGateway gw = fx.start(2);
        int port = URI.create(gw.adminUrl("/")).getPort();
        String rebind = "rebind.evil.example:" + port;
        for (String path : new String[] {"/metrics", "/health", "/admin/providers", "/hawtio/"}) {
            String answer = send(gw.adminUrl("/"), request("GET", path, rebind));
            assertTrue(answer.startsWith("http/1.1 403"), path + ": " + answer);
            assertTrue(answer.contains("\"forbidden\""), path + ": " + answer);
        }
        // the console's Jolokia from a rebinding page: Origin and Host agree, and are still refused
        String disable = "{\"type\":\"exec\",\"mbean\":\"keyrelay:type=KeyPool,provider=p\",\"operation\":\"disable\","
                + "\"arguments\":[\"a\"]}";
        String raw = "POST /hawtio/jolokia HTTP/1.1\r\nHost: " + rebind + "\r\nOrigin: http://" + rebind
                + "\r\nSec-Fetch-Site: same-origin\r\nAuthorization: Bearer " + gw.adminToken()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + disable.length() + "\r\nConnection: close\r\n\r\n"
                + disable;
        String answer = send(gw.adminUrl("/"), raw);
        assertTrue(answer.startsWith("http/1.1 403"), answer);
        assertEquals(KeyState.ACTIVE, gw.gateway().provider("p").orElseThrow().pool().memories().get(0).state());

        String crossSite = send(gw.adminUrl("/"), request("GET", "/metrics", "127.0.0.1:" + port,
                "Origin", "https://evil.example"));
        assertTrue(crossSite.startsWith("http/1.1 403"), crossSite);
        HttpResponse<String> metrics = gw.management("/metrics");
        assertEquals(200, metrics.statusCode(), "tools that are not browsers pass");
    }
}
