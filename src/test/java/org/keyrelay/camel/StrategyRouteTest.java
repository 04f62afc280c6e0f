package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.StubUpstream.Answer;

/** Each strategy's key sequence through the real routes, read as a string of key letters. */
class StrategyRouteTest {

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    private String sequence(int requests, String keyring) throws Exception {
        fx.start(keyring);
        for (int i = 0; i < requests; i++) {
            fx.gw().post("/p/v1/chat/completions", "{}");
        }
        return fx.upstream().keySequence();
    }

    @Test
    void round_robin_takes_turns() throws Exception {
        assertEquals("abcabc", sequence(6, Keyrings.provider(fx.upstream().baseUrl(), 3, "strategy: round-robin")));
    }

    @Test
    void round_robin_skips_a_cooling_key() throws Exception {
        fx.upstream().script("key-b", Answer.rateLimited(600));
        assertEquals("abcaca", sequence(5, Keyrings.provider(fx.upstream().baseUrl(), 3, "strategy: round-robin")));
    }

    @Test
    void fill_first_drains_the_first_key() throws Exception {
        assertEquals("aaaa", sequence(4, Keyrings.provider(fx.upstream().baseUrl(), 3, "strategy: fill-first")));
    }

    @Test
    void sticky_stays_until_the_key_fails() throws Exception {
        fx.upstream().script("key-a", Answer.ok(), Answer.ok(), Answer.json(429, "{\"error\":\"rate limit\"}"));
        assertEquals("aaabbb", sequence(5, Keyrings.provider(fx.upstream().baseUrl(), 3, "strategy: sticky")));
    }

    @Test
    void weighted_follows_the_weights_smoothly() throws Exception {
        String keyring = """
                providers:
                  - id: p
                    upstream: %s
                    strategy: weighted
                    keys:
                      - {id: a, secret: key-a, weight: 2}
                      - {id: b, secret: key-b, weight: 1}
                """.formatted(fx.upstream().baseUrl());
        assertEquals("abaaba", sequence(6, keyring));
    }

    @Test
    void least_used_spreads_sequential_requests() throws Exception {
        assertEquals("abab", sequence(4, Keyrings.provider(fx.upstream().baseUrl(), 2, "strategy: least-used")));
    }

    @Test
    void health_based_avoids_a_key_that_just_failed() throws Exception {
        fx.upstream().script("key-a", Answer.json(503, "busy"), Answer.json(503, "busy"));
        String keyring = Keyrings.provider(fx.upstream().baseUrl(), 2, "strategy: health-based");
        assertEquals("aabbb", sequence(3, keyring));
    }
}
