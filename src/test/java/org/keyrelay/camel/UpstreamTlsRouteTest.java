package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.HttpProxy;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;
import org.keyrelay.support.TestCertificates;

/**
 * HTTPS upstreams: the certificate must chain to a trusted CA (the JDK's, or the provider's caFile) and name the
 * host; SNI is sent; HTTPS_PROXY tunnels with CONNECT, HTTP_PROXY gets the requests in absolute form.
 */
class UpstreamTlsRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"model\":\"m\",\"messages\":[]}";

    @TempDir
    Path dir;

    @Test
    void should_relay_to_a_tls_upstream_whose_certificate_chains_to_the_providers_ca_file() throws Exception {
        TestCertificates cert = TestCertificates.make(dir, "loopback", "ip:127.0.0.1,dns:localhost");
        try (StubUpstream upstream = StubUpstream.tls(cert.server(), new CopyOnWriteArrayList<>());
             RunningGateway gw = RunningGateway.start(dir, keyring(upstream.baseUrl(), cert.pem()),
                     MutableClock.tickingFromNow())) {
            upstream.otherwise(r -> Answer.json(200, "{\"id\":\"over-tls\"}"));
            HttpResponse<String> first = gw.post("/p/v1/chat/completions", BODY);
            HttpResponse<String> second = gw.post("/p/v1/chat/completions", BODY);
            assertEquals(200, first.statusCode(), first.body());
            assertEquals("{\"id\":\"over-tls\"}", first.body());
            assertEquals(200, second.statusCode(), second.body());
            assertEquals("Bearer sk-test-tls", upstream.received().get(0).header("Authorization"));
        }
    }

    @Test
    void should_refuse_a_certificate_for_another_host_with_a_502() throws Exception {
        TestCertificates cert = TestCertificates.make(dir, "other", "dns:other.example");
        try (StubUpstream upstream = StubUpstream.tls(cert.server(), new CopyOnWriteArrayList<>());
             RunningGateway gw = RunningGateway.start(dir, keyring(upstream.baseUrl(), cert.pem()),
                     MutableClock.tickingFromNow())) {
            HttpResponse<String> r = gw.post("/p/v1/chat/completions", BODY);
            assertEquals(502, r.statusCode(), r.body());
            JsonNode error = JSON.readTree(r.body()).path("error");
            assertEquals("upstream_unreachable", error.path("type").asText(), r.body());
            assertTrue(error.path("message").asText().contains("TLS failure"), r.body());
            assertEquals(List.of(), upstream.received(), "no request went over a connection to the wrong host");
        }
    }

    @Test
    void should_refuse_a_certificate_no_trusted_ca_signed_with_a_502() throws Exception {
        TestCertificates cert = TestCertificates.make(dir, "untrusted", "ip:127.0.0.1");
        try (StubUpstream upstream = StubUpstream.tls(cert.server(), new CopyOnWriteArrayList<>());
             RunningGateway gw = RunningGateway.start(dir, keyring(upstream.baseUrl(), null),
                     MutableClock.tickingFromNow())) {
            HttpResponse<String> r = gw.post("/p/v1/chat/completions", BODY);
            assertEquals(502, r.statusCode(), r.body());
            assertTrue(r.body().contains("TLS failure"), r.body());
        }
    }

    @Test
    void should_tunnel_https_through_the_https_proxy_with_sni_and_the_name_resolved_by_the_proxy() throws Exception {
        TestCertificates cert = TestCertificates.make(dir, "named", "dns:upstream.test");
        List<String> sni = new CopyOnWriteArrayList<>();
        try (StubUpstream upstream = StubUpstream.tls(cert.server(), sni);
             HttpProxy proxy = new HttpProxy();
             RunningGateway gw = RunningGateway.start(dir, keyring("https://upstream.test:" + upstream.port(), cert.pem()),
                     MutableClock.tickingFromNow(), Map.of("HTTPS_PROXY", proxy.url()))) {
            upstream.otherwise(r -> Answer.json(200, "{\"id\":\"through-proxy\"}"));
            HttpResponse<String> first = gw.post("/p/v1/chat/completions", BODY);
            HttpResponse<String> second = gw.post("/p/v1/chat/completions", BODY);
            assertEquals(200, first.statusCode(), first.body());
            assertEquals("{\"id\":\"through-proxy\"}", first.body());
            assertEquals(200, second.statusCode(), second.body());
            assertEquals(List.of("CONNECT upstream.test:" + upstream.port() + " HTTP/1.1"), proxy.connects(),
                    "one tunnel, kept alive for both requests");
            assertTrue(sni.contains("upstream.test"), "SNI names the upstream: " + sni);
            assertEquals("upstream.test:" + upstream.port(), upstream.received().get(0).header("Host"));
        }
    }

    @Test
    void should_send_plain_http_requests_to_the_http_proxy_in_absolute_form_unless_the_upstream_is_loopback() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             HttpProxy proxy = new HttpProxy();
             RunningGateway gw = RunningGateway.start(dir, """
                     providers:
                       - id: p
                         upstream: http://upstream.test:%1$d/v1
                         keys: [{id: main, secret: sk-test-tls}]
                       - id: direct
                         upstream: http://127.0.0.1:%1$d/v1
                         keys: [{id: main, secret: sk-test-direct}]
                     """.formatted(upstream.port()), MutableClock.tickingFromNow(),
                     Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", "internal.example"))) {
            assertEquals(200, gw.post("/p/chat/completions", BODY).statusCode());
            assertEquals(200, gw.post("/direct/chat/completions", BODY).statusCode());
            assertEquals(List.of("POST http://upstream.test:" + upstream.port() + "/v1/chat/completions HTTP/1.1"),
                    proxy.forwarded(), "the loopback upstream is reached directly");
            assertEquals(List.of(), proxy.connects(), "no tunnel for an http upstream: proxies allow CONNECT to 443 only");
            assertEquals(List.of(), proxy.authorizations(), "no credentials in HTTP_PROXY, none sent");
            assertEquals(2, upstream.received().size());
            assertEquals("/v1/chat/completions", upstream.received().get(0).path());
            assertEquals("Bearer sk-test-tls", upstream.received().get(0).header("Authorization"));
        }
    }

    @Test
    void should_look_up_the_proxy_by_name_and_give_it_its_credentials_but_not_the_upstream() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             HttpProxy proxy = new HttpProxy();
             RunningGateway gw = RunningGateway.start(dir, keyring("http://upstream.test:" + upstream.port(), null),
                     MutableClock.tickingFromNow(), Map.of("http_proxy", proxy.url().replace("http://127.0.0.1", "http://alice:s3cret@localhost")))) {
            assertEquals(200, gw.post("/p/chat/completions", BODY).statusCode());
            assertEquals(200, gw.post("/p/chat/completions", BODY).statusCode(), "a second request, a new connection");
            String basic = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of(basic, basic), proxy.authorizations());
            assertEquals(2, proxy.forwarded().size());
            assertNull(upstream.received().get(0).header("Proxy-Authorization"));
        }
    }

    private static String keyring(String upstream, Path caFile) {
        return """
                providers:
                  - id: p
                    upstream: %s/v1
                    keys: [{id: main, secret: sk-test-tls}]
                """.formatted(upstream) + (caFile == null ? "" : "    caFile: " + caFile + "\n");
    }
}
