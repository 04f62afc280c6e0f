package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;

class SmokeRouteTest {

    @TempDir
    Path dir;

    @Test
    void should_rotate_to_next_key_on_429() throws Exception {
        try (StubUpstream upstream = new StubUpstream()) {
            upstream.script("key-a", StubUpstream.Answer.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}"));
            String keyring = """
                    providers:
                      - id: p
                        upstream: %s
                        keys:
                          - {id: a, secret: key-a}
                          - {id: b, secret: key-b}
                    """.formatted(upstream.baseUrl());
            try (RunningGateway gw = RunningGateway.start(dir, keyring, MutableClock.tickingFromNow())) {
                HttpResponse<String> r = gw.post("/p/v1/chat/completions", "{\"model\":\"m\"}");
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("b", r.headers().firstValue("X-Keyrelay-Key").orElse(null));
                assertEquals("2", r.headers().firstValue("X-Keyrelay-Attempts").orElse(null));
                assertEquals("ab", upstream.keySequence());
            }
        }
    }
}
