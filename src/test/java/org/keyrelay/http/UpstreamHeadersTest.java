package org.keyrelay.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Header hygiene for the upstream request: three small steps, each alone, then together. */
class UpstreamHeadersTest {

    private static final String KEY = "sk-test-alpha-0001";

    private static Map.Entry<String, String> h(String name, String value) {
        return Map.entry(name, value);
    }

    private static List<String> names(List<Map.Entry<String, String>> headers) {
        return headers.stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void should_remove_hop_by_hop_headers() {
        List<Map.Entry<String, String>> kept = UpstreamHeaders.removeHopByHop(List.of(
                h("Host", "127.0.0.1:8080"), h("Connection", "keep-alive"), h("Keep-Alive", "timeout=5"),
                h("Transfer-Encoding", "chunked"), h("TE", "trailers"), h("Trailer", "x-checksum"),
                h("Upgrade", "h2c"), h("Proxy-Authorization", "Basic dGVzdDp0ZXN0"), h("Proxy-Connection", "close"),
                h("Content-Length", "42"), h("Expect", "100-continue"), h("HTTP2-Settings", "AAMAAABkAAQAoAAAAAIAAAAA"),
                h("Content-Type", "application/json"), h("anthropic-version", "2023-06-01")));

        assertEquals(List.of("Content-Type", "anthropic-version"), names(kept));
    }

    @Test
    void should_remove_the_headers_named_in_connection() {
        List<Map.Entry<String, String>> kept = UpstreamHeaders.removeHopByHop(List.of(
                h("Connection", "keep-alive, X-Trace-Hop ,x-other-hop"), h("x-trace-hop", "1"), h("X-Other-Hop", "2"),
                h("X-Request-Id", "req-1")));

        assertEquals(List.of("X-Request-Id"), names(kept));
    }

    @Test
    void should_remove_accept_encoding_and_pseudo_headers() {
        List<Map.Entry<String, String>> kept = UpstreamHeaders.removeHopByHop(List.of(
                h("Accept-Encoding", "gzip, br"), h(":authority", "127.0.0.1"), h("Accept", "text/event-stream")));

        assertEquals(List.of("Accept"), names(kept));
    }

    @Test
    void should_strip_every_client_credential() {
        List<Map.Entry<String, String>> kept = UpstreamHeaders.stripClientCredentials(List.of(
                h("Authorization", "Bearer client-token-0001"), h("X-Api-Key", "client-token-0002"),
                h("api-key", "client-token-0003"), h("x-goog-api-key", "client-token-0004"), h("Cookie", "session=1"),
                h("User-Agent", "opencode/1.0")), AuthStyle.BEARER);

        assertEquals(List.of("User-Agent"), names(kept));
    }

    @Test
    void should_strip_the_header_the_provider_takes_its_key_in() {
        AuthStyle custom = AuthStyle.parse("header:X-Custom-Key");

        List<Map.Entry<String, String>> kept = UpstreamHeaders.stripClientCredentials(List.of(
                h("x-custom-key", "client-supplied"), h("Content-Type", "application/json")), custom);

        assertEquals(List.of("Content-Type"), names(kept));
    }

    @Test
    void should_apply_the_key_as_a_bearer_token() {
        List<Map.Entry<String, String>> out = UpstreamHeaders.applyKey(List.of(h("Accept", "*/*")), AuthStyle.BEARER, KEY);

        assertEquals(List.of(h("Accept", "*/*"), h("Authorization", "Bearer " + KEY)), out);
    }

    @Test
    void should_apply_the_key_as_x_api_key() {
        List<Map.Entry<String, String>> out = UpstreamHeaders.applyKey(List.of(), AuthStyle.X_API_KEY, KEY);

        assertEquals(List.of(h("x-api-key", KEY)), out);
    }

    @Test
    void should_apply_the_key_in_a_named_header() {
        List<Map.Entry<String, String>> out = UpstreamHeaders.applyKey(List.of(), AuthStyle.parse("header:X-Goog-Api-Key"), KEY);

        assertEquals(List.of(h("X-Goog-Api-Key", KEY)), out);
    }

    @Test
    void should_send_upstream_only_the_gateways_key_and_the_clients_end_to_end_headers() {
        List<Map.Entry<String, String>> client = List.of(
                h("Host", "127.0.0.1:8080"), h("Connection", "keep-alive, X-Trace-Hop"), h("X-Trace-Hop", "1"),
                h("Authorization", "Bearer client-token-0001"), h("x-api-key", "client-token-0002"),
                h("X-Custom-Key", "client-token-0003"), h("Cookie", "session=client-token-0004"),
                h("Content-Type", "application/json"), h("Content-Length", "17"), h("Accept-Encoding", "gzip"),
                h("anthropic-version", "2023-06-01"), h("User-Agent", "claude-cli/1.0"), h("Transfer-Encoding", "chunked"));

        List<Map.Entry<String, String>> upstream = UpstreamHeaders.forUpstream(client, AuthStyle.parse("header:X-Custom-Key"), KEY);

        assertEquals(List.of(h("Content-Type", "application/json"), h("anthropic-version", "2023-06-01"),
                h("User-Agent", "claude-cli/1.0"), h("X-Custom-Key", KEY)), upstream);
        assertTrue(upstream.stream().noneMatch(e -> e.getValue().contains("client-token")));
    }

    @Test
    void should_send_exactly_one_authorization_header_for_a_bearer_provider() {
        List<Map.Entry<String, String>> upstream = UpstreamHeaders.forUpstream(List.of(
                h("authorization", "Bearer client-token-0001"), h("AUTHORIZATION", "Bearer client-token-0002"),
                h("Accept", "*/*")), AuthStyle.BEARER, KEY);

        assertEquals(List.of(h("Accept", "*/*"), h("Authorization", "Bearer " + KEY)), upstream);
    }
}
