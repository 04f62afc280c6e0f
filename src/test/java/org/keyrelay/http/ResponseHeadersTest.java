package org.keyrelay.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which upstream response headers reach the client, and which content types are streams. */
class ResponseHeadersTest {

    @Test
    void should_pass_end_to_end_headers_and_drop_hop_by_hop_and_framing_ones() {
        Map<String, List<String>> upstream = new LinkedHashMap<>();
        upstream.put(":status", List.of("200"));
        upstream.put("Content-Type", List.of("text/event-stream"));
        upstream.put("Transfer-Encoding", List.of("chunked"));
        upstream.put("Connection", List.of("keep-alive"));
        upstream.put("Keep-Alive", List.of("timeout=5"));
        upstream.put("Content-Length", List.of("120"));
        upstream.put("x-request-id", List.of("req-1"));
        upstream.put("Set-Cookie", List.of("a=1", "b=2"));
        upstream.put("retry-after", List.of("30"));

        assertEquals(List.of(Map.entry("Content-Type", "text/event-stream"), Map.entry("x-request-id", "req-1"),
                Map.entry("Set-Cookie", "a=1"), Map.entry("Set-Cookie", "b=2"), Map.entry("retry-after", "30")),
                ResponseHeaders.forClient(upstream));
    }

    @Test
    void should_drop_response_headers_named_in_connection() {
        Map<String, List<String>> upstream = new LinkedHashMap<>();
        upstream.put("Connection", List.of("X-Upstream-Hop"));
        upstream.put("X-Upstream-Hop", List.of("1"));
        upstream.put("Content-Type", List.of("application/json"));

        assertEquals(List.of(Map.entry("Content-Type", "application/json")), ResponseHeaders.forClient(upstream));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/event-stream", "text/event-stream; charset=utf-8", "Text/Event-Stream",
            "application/x-ndjson", "application/jsonl", "APPLICATION/STREAM+JSON"})
    void should_recognise_a_stream(String contentType) {
        assertTrue(ResponseHeaders.isStream(contentType));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain", "text/html; charset=utf-8", ""})
    void should_not_take_a_plain_body_for_a_stream(String contentType) {
        assertFalse(ResponseHeaders.isStream(contentType));
    }

    @Test
    void should_not_take_a_missing_content_type_for_a_stream() {
        assertFalse(ResponseHeaders.isStream(null));
    }
}
