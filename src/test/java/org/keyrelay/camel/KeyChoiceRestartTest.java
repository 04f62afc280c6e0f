package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;

/**
 * The key chosen for a provider (an operator's use or rotate, the keyring's startKey) survives a restart of the
 * gateway on the same state dir; the admin API says which key is in use, asked without taking a round-robin turn.
 */
class KeyChoiceRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void should_keep_the_key_an_operator_chose_with_use_and_rotate_across_restarts() throws Exception {
        MutableClock clock = MutableClock.tickingFromNow();
        try (StubUpstream upstream = new StubUpstream()) {
            String keyring = Keyrings.provider(upstream.baseUrl(), 3); // round-robin: a, b, c
            try (RunningGateway first = RunningGateway.start(dir, keyring, clock)) {
                assertEquals("b", json(first.admin("POST", "/admin/providers/p/keys/b/use", null)).at("/key/id").asText());
                send(first, 2);
            }
            assertTrue(Files.readString(dir.resolve("state/state.json")).contains("\"chosen\" : \"b\""));
            try (RunningGateway second = RunningGateway.start(dir, keyring, clock)) {
                JsonNode p = provider(second);
                assertEquals("b", p.path("inUse").asText());
                assertEquals("b", p.path("chosen").asText());
                send(second, 2);
                assertEquals("c", json(second.admin("POST", "/admin/providers/p/rotate", null)).at("/key/id").asText());
            }
            try (RunningGateway third = RunningGateway.start(dir, keyring, clock)) {
                send(third, 2);
                assertEquals("c", provider(third).path("inUse").asText());
            }
            assertEquals("bbbbcc", upstream.keySequence(), "use and rotate held through two restarts");
        }
    }

    @Test
    void should_start_on_the_keyrings_start_key_until_an_operator_chooses_and_again_when_the_keyring_changes()
            throws Exception {
        MutableClock clock = MutableClock.tickingFromNow();
        try (StubUpstream upstream = new StubUpstream()) {
            String startOnC = Keyrings.provider(upstream.baseUrl(), 3, "startKey: c");
            try (RunningGateway first = RunningGateway.start(dir, startOnC, clock)) {
                assertEquals("c", provider(first).path("startKey").asText());
                send(first, 2);
                first.admin("POST", "/admin/providers/p/keys/a/use", null);
                send(first, 1);
            }
            try (RunningGateway second = RunningGateway.start(dir, startOnC, clock)) {
                send(second, 2); // the operator's choice wins over the same startKey
            }
            try (RunningGateway third = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 3, "startKey: b"),
                    clock)) {
                send(third, 2); // an edited startKey wins over the operator's older choice
            }
            assertEquals("cc" + "a" + "aa" + "bb", upstream.keySequence());
        }
    }

    @Test
    void should_say_which_key_is_in_use_without_taking_a_round_robin_turn() throws Exception {
        MutableClock clock = MutableClock.tickingFromNow();
        try (StubUpstream upstream = new StubUpstream()) {
            try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 3), clock)) {
                assertEquals("a", provider(gw).path("inUse").asText());
                send(gw, 1);
                for (int i = 0; i < 3; i++) {
                    assertEquals("b", provider(gw).path("inUse").asText());
                    JsonNode keys = json(gw.admin("GET", "/admin/providers/p/keys", null)).get("keys");
                    assertEquals("[false,true,false]", inUseFlags(keys));
                }
                assertTrue(provider(gw).path("chosen").isNull(), "nothing chosen: round-robin picks");
                send(gw, 2);
                assertEquals("abc", upstream.keySequence(), "asking which key is in use took no turn");
                assertEquals("a", provider(gw).path("inUse").asText());
            }
        }
    }

    @Test
    void should_forget_a_chosen_key_once_it_may_no_longer_serve_and_remember_that_too() throws Exception {
        MutableClock clock = MutableClock.tickingFromNow();
        try (StubUpstream upstream = new StubUpstream()) {
            String keyring = Keyrings.provider(upstream.baseUrl(), 2, "strategy: fill-first");
            try (RunningGateway first = RunningGateway.start(dir, keyring, clock)) {
                first.admin("POST", "/admin/providers/p/keys/b/use", null);
                first.admin("POST", "/admin/providers/p/keys/b/disable", null);
                send(first, 1);
                assertTrue(provider(first).path("chosen").isNull(), provider(first).toString());
                first.admin("POST", "/admin/providers/p/keys/b/enable", null);
            }
            try (RunningGateway second = RunningGateway.start(dir, keyring, clock)) {
                send(second, 1);
            }
            assertEquals("aa", upstream.keySequence(), "the choice of a disabled key was dropped, and stays dropped");
        }
    }

    private static void send(RunningGateway gw, int requests) throws Exception {
        for (int i = 0; i < requests; i++) {
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
        }
    }

    private static JsonNode provider(RunningGateway gw) throws Exception {
        return json(gw.admin("GET", "/admin/providers", null)).get("providers").get(0);
    }

    private static String inUseFlags(JsonNode keys) {
        StringBuilder sb = new StringBuilder("[");
        keys.forEach(k -> sb.append(sb.length() > 1 ? "," : "").append(k.path("inUse").asBoolean()));
        return sb.append(']').toString();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}
