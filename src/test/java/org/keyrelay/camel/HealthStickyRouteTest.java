package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/** health-sticky through the real routes: one key while it serves, the next once it fails, and no way back. */
class HealthStickyRouteTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.tickingFromNow();
    private StubUpstream upstream;
    private RunningGateway gw;

    @BeforeEach
    void upstream() throws Exception {
        upstream = new StubUpstream();
    }

    @AfterEach
    void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
        upstream.close();
    }

    private void requests(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
        }
    }

    @Test
    void should_stay_on_one_key_move_when_it_fails_and_not_go_back() throws Exception {
        upstream.script("key-a", Answer.ok(), Answer.ok(), Answer.ok(),
                Answer.json(429, "{\"error\":\"rate limit\"}").withHeader("Retry-After", "60"));
        gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2, "strategy: health-sticky"), clock);

        requests(6);
        assertEquals("aaaabbb", upstream.keySequence(), "equally healthy keys: one is used until it fails");

        clock.advance(Duration.ofMinutes(30)); // a's cooldown is over and its health has recovered
        requests(4);

        assertEquals("aaaabbbbbbb", upstream.keySequence());
    }

    @Test
    void should_be_chosen_through_the_admin_api_like_every_strategy() throws Exception {
        gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2, "strategy: health-based"), clock);
        requests(2);
        assertEquals("ab", upstream.keySequence());

        HttpResponse<String> set = gw.admin("PUT", "/admin/providers/p/strategy", "{\"strategy\":\"health-sticky\"}");
        assertEquals(200, set.statusCode(), set.body());
        assertTrue(set.body().contains("\"strategy\" : \"health-sticky\""), set.body());
        requests(4);

        assertEquals(6, upstream.keySequence().length());
        assertTrue(upstream.keySequence().substring(2).matches("a{4}|b{4}"), upstream.keySequence());

        HttpResponse<String> bad = gw.admin("PUT", "/admin/providers/p/strategy", "{\"strategy\":\"sticky-health\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("weighted, health-sticky"), bad.body());
    }
}
