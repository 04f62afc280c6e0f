package org.keyrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * Per key, when it was last used and its last failure with the reason, in {@code keys stats}, {@code /admin/stats}
 * and the MBean's Statistics; kept across a restart; the reason is the classifier's, never a body's text.
 */
class LastUseStatsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ECHOED = "sk-echoed-0123456789SECRET";

    @TempDir
    Path dir;

    @Test
    void should_show_last_use_and_last_failure_with_its_reason_and_keep_them_across_a_restart() throws Exception {
        Instant start = Instant.parse("2026-03-02T10:00:00Z");
        MutableClock clock = MutableClock.fixed(start);
        try (StubUpstream upstream = new StubUpstream()) {
            String keyring = Keyrings.provider(upstream.baseUrl(), 2, "strategy: fill-first");
            upstream.script("key-a", Answer.json(429, "{\"error\":\"too many requests for " + ECHOED + "\"}")
                    .withHeader("Retry-After", "3600"));
            try (RunningGateway gw = RunningGateway.start(dir, keyring, clock)) {
                assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode()); // a fails, b answers
                clock.advance(Duration.ofMinutes(1));
                assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode()); // b again (a cools)
                Map<String, String> env = Map.of("KEYRELAY_STATE_DIR", gw.stateDir().toString());

                JsonNode stats = JSON.readTree(CliRun.keys(env, "stats", "p", "--json").out());
                JsonNode a = stats.at("/providers/0/keys/0");
                JsonNode b = stats.at("/providers/0/keys/1");
                assertEquals(start.toString(), a.path("lastUsed").asText());
                assertEquals(start.toString(), a.at("/lastFailure/at").asText());
                assertEquals("rate_limited", a.at("/lastFailure/cause").asText());
                assertEquals("too many requests", a.at("/lastFailure/reason").asText(), "the classifier's phrase");
                assertEquals(start.plus(Duration.ofMinutes(1)).toString(), b.path("lastUsed").asText());
                assertTrue(b.path("lastFailure").isNull(), b.toString());
                assertEquals(2, b.path("successes").asLong());

                CliRun table = CliRun.keys(env, "stats", "p");
                assertTrue(table.out().contains("TTFB AVG"), table.out());
                assertTrue(table.out().contains("0 successes, last used "), table.out());
                assertTrue(table.out().contains(", last failure ") && table.out().contains(" rate limited ("), table.out());
                assertTrue(table.out().contains("2 successes, last used ") && table.out().contains("no failure"),
                        table.out());

                String jmx = Arrays.toString((String[]) ManagementFactory.getPlatformMBeanServer()
                        .getAttribute(new ObjectName("keyrelay:type=KeyPool,provider=p"), "Statistics"));
                assertTrue(jmx.contains("last used " + start + ", last failure " + start + " rate_limited ("), jmx);
                assertTrue(jmx.contains(", 2 successes, last used "), jmx);

                JsonNode key = JSON.readTree(gw.admin("GET", "/admin/providers/p/keys", null).body()).at("/keys/0");
                assertEquals("rate_limited", key.at("/lastFailure/cause").asText(), key.toString());

                for (String shown : new String[] {stats.toString(), table.out(), jmx, key.toString()}) {
                    assertFalse(shown.contains("0123456789SECRET") || shown.contains("key-a"), "no secret shown: " + shown);
                }
            }
            assertFalse(Files.readString(dir.resolve("state/state.json")).contains("0123456789SECRET"));

            clock.advance(Duration.ofHours(1));
            try (RunningGateway again = RunningGateway.start(dir, keyring, clock)) {
                JsonNode a = JSON.readTree(again.admin("GET", "/admin/stats", null).body()).at("/providers/0/keys/0");
                assertEquals(start.toString(), a.path("lastUsed").asText());
                assertEquals("rate_limited", a.at("/lastFailure/cause").asText(), "kept across the restart");
            }
        }
    }
}
