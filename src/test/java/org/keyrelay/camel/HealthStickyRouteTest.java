package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.StubUpstream.Answer;

/** health-sticky through the real routes: one key while it serves, the next once it fails, and no way back. */
class HealthStickyRouteTest {

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    private void requests(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            assertEquals(200, fx.gw().post("/p/v1/chat/completions", "{}").statusCode());
        }
    }

    @Test
    void should_stay_on_one_key_move_when_it_fails_and_not_go_back() throws Exception {
        fx.upstream().script("key-a", Answer.ok(), Answer.ok(), Answer.ok(),
                Answer.rateLimited(60));
        fx.start(2, "strategy: health-sticky");

        requests(6);
        assertEquals("aaaabbb", fx.upstream().keySequence(), "equally healthy keys: one is used until it fails");

        fx.clock().advance(Duration.ofMinutes(30)); // a's cooldown is over and its health has recovered
        requests(4);

        assertEquals("aaaabbbbbbb", fx.upstream().keySequence());
    }

    @Test
    void should_be_chosen_through_the_admin_api_like_every_strategy() throws Exception {
        fx.start(2, "strategy: health-based");
        requests(2);
        assertEquals("ab", fx.upstream().keySequence());

        HttpResponse<String> set = fx.gw().admin("PUT", "/admin/providers/p/strategy", "{\"strategy\":\"health-sticky\"}");
        assertEquals(200, set.statusCode(), set.body());
        assertTrue(set.body().contains("\"strategy\" : \"health-sticky\""), set.body());
        requests(4);

        assertEquals(6, fx.upstream().keySequence().length());
        assertTrue(fx.upstream().keySequence().substring(2).matches("a{4}|b{4}"), fx.upstream().keySequence());

        HttpResponse<String> bad = fx.gw().admin("PUT", "/admin/providers/p/strategy", "{\"strategy\":\"sticky-health\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("weighted, health-sticky"), bad.body());
    }
}
