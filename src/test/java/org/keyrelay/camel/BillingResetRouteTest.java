package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream.Answer;

/** billingReset through the real routes: a key whose billing cycle is spent is back at the next reset in its zone. */
class BillingResetRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    private static Instant nextMidnightInShanghai(Instant after) {
        return after.atZone(SHANGHAI).toLocalDate().plusDays(1).atStartOfDay(SHANGHAI).toInstant();
    }

    @Test
    void should_cool_a_key_out_of_its_billing_cycle_until_midnight_in_the_providers_zone() throws Exception {
        fx.upstream().script("key-a", Answer.json(403, "{\"error\":{\"message\":\"You've reached your usage limit for"
                + " this billing cycle\",\"type\":\"access_terminated_error\"}}"));
        RunningGateway gw = fx.start(2, "strategy: fill-first", "billingReset: \"00:00 Asia/Shanghai\"");
        MutableClock clock = fx.clock();
        Instant before = clock.instant();
        assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
        Instant after = clock.instant();

        JsonNode a = JSON.readTree(gw.admin("GET", "/admin/providers/p/keys", null).body()).at("/keys/0");
        assertEquals("cooling", a.path("state").asText());
        assertEquals("quota_exhausted", a.path("cause").asText());
        Instant until = Instant.parse(a.path("until").asText());
        assertTrue(until.equals(nextMidnightInShanghai(before)) || until.equals(nextMidnightInShanghai(after)),
                until + " is the next midnight in Shanghai after " + before);

        clock.advance(Duration.between(clock.instant(), until).minusSeconds(5));
        assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
        clock.advance(Duration.ofSeconds(6));
        assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());

        assertEquals("abba", fx.upstream().keySequence(), "b until midnight in Shanghai, a from then on");
    }
}
