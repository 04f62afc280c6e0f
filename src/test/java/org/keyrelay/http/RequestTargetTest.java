package org.keyrelay.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Request targets: origin-form and absolute-form read; dot segments (also encoded) and broken targets refused. */
class RequestTargetTest {

    @Test
    void should_read_origin_and_absolute_form() {
        assertEquals(new RequestTarget("/kimi/v1/models", "a=1"), RequestTarget.parse("/kimi/v1/models?a=1"));
        assertEquals(new RequestTarget("/kimi/v1/models", null), RequestTarget.parse("http://127.0.0.1:8080/kimi/v1/models"));
        assertNull(RequestTarget.parse("/p/a..b/.x").rawQuery(), "dots inside a segment are fine");
    }

    @Test
    void should_refuse_dot_segments_and_broken_targets() {
        for (String bad : List.of("/kimi/../../v1/models", "/kimi/./v1", "/kimi/%2e%2E/v1", "/kimi/..%2fv1",
                "/kimi/a%2F..%2F..", "/kimi\\..\\v1", "/p/..", "http://[bad/p", "http:///p", "p/v1", "//evil.example/p",
                "*", "/p/v1#frag", "/p/a b")) {
            assertThrows(IllegalArgumentException.class, () -> RequestTarget.parse(bad), bad);
        }
    }
}
