package org.keyrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * {@code keys use} works with no gateway running (the state file keeps the choice, the gateway starts on it),
 * {@code keys list} marks the key in use and shows labels, and a cooldown that ended while the gateway was down shows
 * as active, not "cooling until" a past time.
 */
class KeyChoiceCliTest {

    @TempDir
    Path dir;

    private static String keyring(String upstream) {
        return "providers:\n  - id: p\n    upstream: " + upstream + "\n    keys:\n"
                + "      - {id: a, secret: key-a, label: \"Work account\"}\n"
                + "      - {id: b, secret: key-b, label: Spare}\n"
                + "      - {id: c, secret: key-c}\n";
    }

    @Test
    void should_use_a_key_offline_and_the_gateway_starts_on_it_marked_in_use_with_its_label() throws Exception {
        try (StubUpstream upstream = new StubUpstream()) {
            Map<String, String> env = CliRun.offlineEnv(dir, keyring(upstream.baseUrl()));
            CliRun before = CliRun.keys(env, "list", "p");
            assertTrue(line(before.out(), "● a").contains("◀ in use"), before.out());

            CliRun use = CliRun.keys(env, "use", "p", "b");
            assertEquals(0, use.exitCode(), use.err());
            assertTrue(use.out().contains("now using p/b"), use.out());
            CliRun offline = CliRun.keys(env, "list", "p");
            assertTrue(line(offline.out(), "● b").startsWith("  ● b \"Spare\"         "), offline.out());
            assertTrue(line(offline.out(), "● b").endsWith("◀ in use"), offline.out());
            assertTrue(line(offline.out(), "● a \"Work account\"").endsWith("active"), offline.out());

            try (RunningGateway gw = RunningGateway.start(dir, keyring(upstream.baseUrl()), MutableClock.tickingFromNow())) {
                assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
                assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
                assertEquals("bb", upstream.keySequence(), "the gateway started on the key chosen offline");

                CliRun online = CliRun.keys(env, "list", "p");
                assertTrue(line(online.out(), "● b").endsWith("◀ in use"), online.out());
                var listed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        CliRun.keys(env, "list", "p", "--json").out());
                assertEquals("Work account", listed.at("/keys/0/label").asText());
                assertTrue(listed.at("/keys/1/inUse").asBoolean() && !listed.at("/keys/0/inUse").asBoolean());
                assertEquals("b", listed.at("/provider/inUse").asText());

                ObjectName mbean = new ObjectName("keyrelay:type=KeyPool,provider=p");
                var server = ManagementFactory.getPlatformMBeanServer();
                assertEquals("b", server.getAttribute(mbean, "InUse"));
                String[] keys = (String[]) server.getAttribute(mbean, "Keys");
                assertEquals("a \"Work account\"  …-a  active  100%", keys[0], Arrays.toString(keys));
                assertTrue(Arrays.toString((String[]) server.getAttribute(mbean, "Statistics")).contains("b \"Spare\"  2 requests"));
            }
        }
    }

    @Test
    void should_show_a_cooldown_that_ended_while_the_gateway_was_down_as_active_online_and_offline() throws Exception {
        MutableClock clock = MutableClock.fixed(java.time.Instant.now().minus(Duration.ofHours(2)));
        try (StubUpstream upstream = new StubUpstream()) {
            upstream.script("key-a", Answer.rateLimited(60));
            Map<String, String> env = CliRun.offlineEnv(dir, keyring(upstream.baseUrl()));
            try (RunningGateway first = RunningGateway.start(dir, keyring(upstream.baseUrl()), clock)) {
                assertEquals(200, first.post("/p/v1/chat/completions", "{}").statusCode());
                assertTrue(CliRun.keys(env, "list", "p").out().contains("cooling until"), "cooling while it is");
            }
            assertTrue(Files.readString(dir.resolve("state/state.json")).contains("\"state\" : \"cooling\""));

            // offline, an hour or two later (the CLI's own clock): the cooldown is over
            CliRun offline = CliRun.keys(env, "list", "p");
            assertFalse(offline.out().contains("cooling"), offline.out());
            assertTrue(line(offline.out(), "● a").matches(".*\\d+%  active.*"), offline.out());
            assertTrue(offline.out().contains("3 of 3 keys usable"), offline.out());

            clock.advance(Duration.ofMinutes(5));
            try (RunningGateway second = RunningGateway.start(dir, keyring(upstream.baseUrl()), clock)) {
                CliRun online = CliRun.keys(env, "list", "p");
                assertFalse(online.out().contains("cooling"), online.out());
                assertTrue(line(online.out(), "● a").matches(".*\\d+%  active.*"), online.out());
                var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        CliRun.keys(env, "list", "p", "--json").out());
                assertEquals(3, json.at("/provider/states/active").asInt(), json.toString());
                assertEquals("active", json.at("/keys/0/state").asText());
                assertTrue(json.at("/keys/0/until").isNull() && json.at("/keys/0/cause").isNull(), json.toString());
                assertEquals("rate_limited", json.at("/keys/0/lastFailure/cause").asText(), "the failure is still told");
            }
        }
    }

    /** The line of {@code out} that contains {@code marker}. */
    private static String line(String out, String marker) {
        return out.lines().filter(l -> l.contains(marker)).findFirst().orElse("(no line with " + marker + ")");
    }
}
