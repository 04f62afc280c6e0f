package org.keyrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream.Answer;

/** The statistics a user sees: {@code keys stats}, the admin API's JSON and the JMX attribute carry all of them. */
class KeyStatsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    @Test
    void should_show_rate_latency_today_and_tokens_per_key() throws Exception {
        RunningGateway gw = fx.start(2, "strategy: fill-first");
        String usage = "{\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":10}}";
        fx.upstream().script("key-a", Answer.json(200, usage), Answer.json(200, usage),
                Answer.json(429, "{\"error\":\"too many requests\"}"));
        fx.upstream().script("key-b", Answer.json(200, usage));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, gw.post("/p/v1/chat/completions", "{\"model\":\"m\"}").statusCode());
        }
        Map<String, String> env = Map.of("KEYRELAY_STATE_DIR", gw.stateDir().toString());

        CliRun table = CliRun.keys(env, "stats", "p");
        assertEquals(0, table.exitCode(), table.err());
        assertFalse(table.out().startsWith("all providers"), "one provider named: " + table.out());
        assertTrue(table.out().startsWith("p  fill-first"), table.out());
        assertTrue(table.out().contains("SUCCESS") && table.out().contains("TODAY") && table.out().contains("P50")
                && table.out().contains("P95"), table.out());
        assertTrue(table.out().matches("(?s).* a +\\S+ +\\d+% +3 +66\\.7% +3 +3 .* 38 +20, 1 rate limited.*"),
                table.out());
        assertTrue(CliRun.keys(env, "stats").out().startsWith("all providers: 4 requests"));

        JsonNode a = JSON.readTree(CliRun.keys(env, "stats", "p", "--json").out()).at("/providers/0/keys/0");
        assertEquals(66.7, a.get("successRate").asDouble());
        assertEquals(2, a.at("/latency/samples").asInt());
        assertTrue(a.at("/timeToFirstByte/p95Millis").isNumber());
        assertEquals(3, a.get("requestsToday").asLong());
        assertEquals(3, a.get("requestsLast7Days").asLong());
        assertEquals(38, a.get("tokensIn").asLong());
        assertEquals(20, a.get("tokensOut").asLong());
        assertEquals("rate_limited", a.get("cause").asText());

        String[] jmx = (String[]) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName("keyrelay:type=KeyPool,provider=p"), "Statistics");
        assertTrue(jmx[0].startsWith("a  3 requests, 66.7% success, today 3, 7 days 3, latency avg/p50/p95 "),
                jmx[0]);
        assertTrue(jmx[0].contains("tokens 38 in / 20 out") && jmx[0].contains("failures {rate_limited=1}"), jmx[0]);
    }
}
