package org.keyrelay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.failure.Verdict;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.CooldownPolicy;
import org.keyrelay.pool.CooldownSettings;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyState;
import org.keyrelay.pool.Secret;
import org.keyrelay.selection.Strategy;

/** Key state in state.json: round trip, private, secret-free, atomic, and a broken file moved aside. */
class FileKeyStateStoreTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00.123456789Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static KeyMemory cooling() {
        return new KeyMemory("alpha", KeyState.COOLING, NOW.plusSeconds(90), FailureClass.RATE_LIMITED,
                "too many requests", 85, 2, Map.of("big-model", NOW.plus(Duration.ofHours(24))), 12, 9,
                Map.of(FailureClass.RATE_LIMITED, 2L, FailureClass.MODEL_FORBIDDEN, 1L));
    }

    private static KeyMemory fresh(String id) {
        return new KeyMemory(id, KeyState.ACTIVE, null, null, null, 100, 0, Map.of(), 0, 0, Map.of());
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private Set<String> files() throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void should_load_exactly_what_it_saved() {
        FileKeyStateStore store = new FileKeyStateStore(dir, CLOCK);
        Map<String, List<KeyMemory>> state = Map.of(
                "openai", List.of(cooling(), fresh("beta")),
                "kimi", List.of(new KeyMemory("KIMI_API_KEY_1", KeyState.INVALID, NOW.plus(Duration.ofHours(5)),
                        FailureClass.KEY_INVALID, "invalid api key", 80, 0, Map.of(), 1, 0,
                        Map.of(FailureClass.KEY_INVALID, 1L)), new KeyMemory("KIMI_API_KEY_2", KeyState.DISABLED,
                        null, null, "disabled by operator", 100, 0, Map.of(), 0, 0, Map.of())));

        store.save(state);

        assertEquals(state, store.load());
    }

    @Test
    void should_load_nothing_before_anything_was_saved() {
        assertEquals(Map.of(), new FileKeyStateStore(dir.resolve("not-yet"), CLOCK).load());
    }

    @Test
    void should_replace_what_was_saved_before() {
        FileKeyStateStore store = new FileKeyStateStore(dir, CLOCK);
        store.save(Map.of("openai", List.of(cooling())));

        store.save(Map.of("openai", List.of(fresh("alpha"))));

        assertEquals(Map.of("openai", List.of(fresh("alpha"))), store.load());
    }

    @Test
    void should_write_the_file_readable_by_its_owner_only() throws Exception {
        assumeTrue(posix(), "POSIX file modes");
        Path stateDir = dir.resolve("keyrelay");
        FileKeyStateStore store = new FileKeyStateStore(stateDir, CLOCK);

        store.save(Map.of("openai", List.of(cooling())));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir)));
    }

    @Test
    void should_keep_the_owner_only_mode_when_it_rewrites_the_file() throws Exception {
        assumeTrue(posix(), "POSIX file modes");
        FileKeyStateStore store = new FileKeyStateStore(dir, CLOCK);
        store.save(Map.of("openai", List.of(cooling())));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        store.save(Map.of("openai", List.of(fresh("alpha"))));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
    }

    @Test
    void should_write_no_secret() throws Exception {
        Secret secret = new Secret("sk-test-alpha-0001");
        KeyPool pool = new KeyPool("openai", List.of(new ApiKey("alpha", secret, 1)), Strategy.ROUND_ROBIN,
                new CooldownPolicy(CooldownSettings.defaults()), CLOCK);
        pool.acquire(null, null).orElseThrow()
                .failed(new Verdict(FailureClass.RATE_LIMITED, "too many requests", Optional.empty(), QuotaWindow.UNKNOWN));
        FileKeyStateStore store = new FileKeyStateStore(dir, CLOCK);

        store.save(Map.of("openai", pool.memories()));

        String written = Files.readString(store.file());
        assertTrue(written.contains("\"alpha\""), written);
        assertFalse(written.contains(secret.reveal()), written);
        assertFalse(written.contains(secret.masked()), written);
        assertFalse(written.contains("alpha-0001"), written);
    }

    @Test
    void should_leave_no_temporary_file_behind() throws Exception {
        FileKeyStateStore store = new FileKeyStateStore(dir, CLOCK);

        store.save(Map.of("openai", List.of(cooling())));
        store.save(Map.of("openai", List.of(fresh("alpha"))));

        assertEquals(new TreeSet<>(Set.of("state.json", "state.lock")), files());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{\"format\":1,\"savedAt\":\"2026-03-02T10:00:00Z\",\"providers\":{\"openai\":{\"keys\":{\"alpha\":{\"sta",
            "",
            "not json at all",
            "{\"format\":99,\"providers\":{}}",
            "{\"format\":1,\"providers\":{\"openai\":{\"keys\":{\"alpha\":{\"state\":\"sleeping\"}}}}}",
            "{\"format\":1,\"providers\":{\"openai\":{\"keys\":{\"alpha\":{\"until\":\"tomorrow\"}}}}}"})
    void should_move_a_file_it_cannot_read_aside_and_start_fresh(String content) throws Exception {
        FileKeyStateStore store = new FileKeyStateStore(dir, CLOCK);
        Files.writeString(store.file(), content);

        Map<String, List<KeyMemory>> loaded = store.load();

        Path aside = dir.resolve("state.json.corrupt-" + NOW.toEpochMilli());
        assertEquals(Map.of(), loaded);
        assertFalse(Files.exists(store.file()), "the broken file is no longer in the way");
        assertEquals(content, Files.readString(aside), "the broken file is kept for a human to look at");
    }

    @Test
    void should_save_again_after_moving_a_broken_file_aside() throws Exception {
        FileKeyStateStore store = new FileKeyStateStore(dir, CLOCK);
        store.save(Map.of("openai", List.of(cooling())));
        Files.writeString(store.file(), "{\"format\":1,\"provi");
        store.load();

        store.save(Map.of("openai", List.of(fresh("alpha"))));

        assertEquals(Map.of("openai", List.of(fresh("alpha"))), store.load());
    }

    @Test
    void should_read_missing_fields_as_defaults() throws Exception {
        FileKeyStateStore store = new FileKeyStateStore(dir, CLOCK);
        Files.writeString(store.file(), "{\"format\":1,\"providers\":{\"openai\":{\"keys\":{\"alpha\":{}}}}}");

        assertEquals(Map.of("openai", List.of(fresh("alpha"))), store.load());
    }
}
