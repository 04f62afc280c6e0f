package org.keyrelay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyState;
import org.keyrelay.pool.KeyUsage;

/** What survives a restart besides cooldowns: the health recovery instant, requests per day and token totals. */
class KeyStatsFileTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static KeyMemory used() {
        return new KeyMemory("alpha", KeyState.ACTIVE, null, null, null, 70, 0, Map.of(), 40, 37,
                Map.of(FailureClass.QUOTA_EXHAUSTED, 1L), NOW.minusSeconds(120),
                KeyUsage.of(Map.of(LocalDate.of(2026, 3, 1), 12L, LocalDate.of(2026, 3, 2), 28L), 51_200, 9_400));
    }

    @Test
    void should_load_exactly_the_statistics_it_saved() {
        FileKeyStateStore store = new FileKeyStateStore(dir, CLOCK);

        store.save(Map.of("openai", List.of(used())));

        assertEquals(Map.of("openai", List.of(used())), store.load());
    }

    @Test
    void should_write_them_for_a_person_to_read() throws Exception {
        FileKeyStateStore store = new FileKeyStateStore(dir, CLOCK);
        store.save(Map.of("openai", List.of(used())));

        JsonNode alpha = new ObjectMapper().readTree(Files.readString(store.file())).at("/providers/openai/keys/alpha");

        assertEquals(70, alpha.get("health").asInt());
        assertEquals("2026-03-02T09:58:00Z", alpha.get("healthSince").asText());
        assertEquals(28, alpha.at("/requestsByDay/2026-03-02").asLong());
        assertEquals(51_200, alpha.at("/tokens/in").asLong());
        assertEquals(9_400, alpha.at("/tokens/out").asLong());
        assertTrue(Files.readString(store.file()).contains("\n  "), "indented");
    }

    @Test
    void should_read_a_file_written_before_statistics_were_saved() throws Exception {
        FileKeyStateStore store = new FileKeyStateStore(dir, CLOCK);
        Files.writeString(store.file(), "{\"format\":1,\"providers\":{\"openai\":{\"keys\":{\"alpha\":"
                + "{\"state\":\"active\",\"health\":70,\"requests\":3,\"successes\":2}}}}}");

        KeyMemory alpha = store.load().get("openai").get(0);

        assertEquals(70, alpha.health());
        assertEquals(null, alpha.healthSince());
        assertEquals(KeyUsage.NONE, alpha.usage());
        assertEquals(3, alpha.requests());
    }
}
