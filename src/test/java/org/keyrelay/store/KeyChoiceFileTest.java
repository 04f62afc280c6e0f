package org.keyrelay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyChoice;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyState;
import org.keyrelay.pool.KeyUsage;
import org.keyrelay.pool.LastFailure;
import org.keyrelay.usage.Budgets;

/**
 * The chosen key per provider and each key's last use and failure in state.json: a file of the format before them
 * still loads (as "nothing chosen, not known"), a file with them round-trips, and a reader of the old format finds
 * everything it knew where it was.
 */
class KeyChoiceFileTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A state file as the gateway wrote it before the chosen key and the last use and failure were kept. */
    private static final String OLD_FORMAT = """
            {
              "format" : 1,
              "savedAt" : "2026-03-01T09:00:00Z",
              "providers" : {
                "kimi" : {
                  "keys" : {
                    "main" : {
                      "state" : "cooling", "until" : "2026-03-02T11:00:00Z", "cause" : "RATE_LIMITED",
                      "reason" : "too many requests", "health" : 85, "healthSince" : null,
                      "consecutiveRateLimits" : 1, "modelCooldowns" : { }, "requests" : 12, "successes" : 11,
                      "failures" : { "RATE_LIMITED" : 1 }, "requestsByDay" : { "2026-03-01" : 12 },
                      "tokens" : { "in" : 100, "out" : 50 }
                    },
                    "spare" : { "state" : "active", "health" : 100, "requests" : 0, "successes" : 0 }
                  }
                }
              }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void should_load_a_state_file_of_the_old_format_with_nothing_chosen() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("state.json"), OLD_FORMAT);
        SavedState state = FileKeyStateStore.tool(dir, CLOCK).loadState();
        KeyMemory main = state.keys().get("kimi").get(0);
        assertEquals(KeyState.COOLING, main.state());
        assertEquals(12, main.requests());
        assertEquals(100, main.usage().tokensIn());
        assertNull(main.lastUsed());
        assertNull(main.lastFailure());
        assertEquals(KeyChoice.NONE, state.choice("kimi"));
        assertTrue(Files.exists(dir.resolve("state.json")), "not moved aside");
    }

    @Test
    void should_round_trip_the_chosen_key_and_the_last_use_and_failure_in_a_file_old_readers_still_read()
            throws Exception {
        KeyMemory main = new KeyMemory("main", KeyState.ACTIVE, null, null, null, 100, 0, Map.of(), 3, 2,
                Map.of(FailureClass.QUOTA_EXHAUSTED, 1L), null, KeyUsage.NONE, Budgets.NONE, NOW.minusSeconds(5),
                new LastFailure(NOW.minusSeconds(60), FailureClass.QUOTA_EXHAUSTED, "weekly usage limit"));
        KeyMemory spare = new KeyMemory("spare", KeyState.ACTIVE, null, null, null, 100, 0, Map.of(), 0, 0, Map.of());
        FileKeyStateStore store = FileKeyStateStore.tool(dir, CLOCK);
        store.saveState(new SavedState(Map.of("kimi", List.of(main, spare)),
                Map.of("kimi", new KeyChoice("spare", "main"))));

        SavedState back = FileKeyStateStore.tool(dir, CLOCK).loadState();
        assertEquals(new KeyChoice("spare", "main"), back.choice("kimi"));
        assertEquals(main, back.keys().get("kimi").get(0));
        assertEquals(spare, back.keys().get("kimi").get(1));

        // where a reader of the old format looks, everything is where it was: format 1, providers.<id>.keys.<id>
        JsonNode root = JSON.readTree(dir.resolve("state.json").toFile());
        assertEquals(1, root.path("format").asInt());
        assertEquals(3, root.at("/providers/kimi/keys/main/requests").asInt());
        assertEquals("spare", root.at("/providers/kimi/chosen").asText());
        assertEquals("weekly usage limit", root.at("/providers/kimi/keys/main/lastFailure/reason").asText());

        // a save of the memories alone (an older caller) keeps the choice
        store.save(Map.of("kimi", List.of(spare)));
        assertEquals(new KeyChoice("spare", "main"), FileKeyStateStore.tool(dir, CLOCK).loadState().choice("kimi"));
    }

    @Test
    void should_keep_a_last_failure_reason_to_one_bounded_line() {
        LastFailure f = new LastFailure(NOW, FailureClass.TRANSIENT, "line one\nline two\u0007" + "x".repeat(500));
        assertFalse(f.reason().contains("\n") || f.reason().contains("\u0007"), f.reason());
        assertEquals(LastFailure.MAX_REASON, f.reason().length());
        assertTrue(f.reason().startsWith("line one line two"));
    }
}
