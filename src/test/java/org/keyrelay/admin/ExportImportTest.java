package org.keyrelay.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.Gateway;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.KeyringParser;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.Verdict;
import org.keyrelay.http.ProblemException;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyState;
import org.keyrelay.store.FileKeyStateStore;
import org.keyrelay.store.ManagedKeysFile;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;

/** Export and import: one encrypted file carries keys, strategies and stats; a wrong password or a changed byte imports nothing. */
class ExportImportTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.fixed(Instant.parse("2026-11-20T10:00:00Z"));

    private Gateway gateway(String name, String keyringYaml) {
        Keyring keyring = new KeyringParser(Map.of()).parse(dir.resolve(name + ".yaml"), keyringYaml);
        Path state = dir.resolve(name);
        GatewaySettings settings = new GatewaySettings(dir.resolve(name + ".yaml"), "127.0.0.1", 0, state, null, List.of());
        return new Gateway(settings, keyring, new FileKeyStateStore(state, clock), new ManagedKeysFile(state), clock);
    }

    @Test
    void should_carry_keys_strategy_and_state_to_another_gateway_and_skip_what_is_there() throws Exception {
        byte[] file;
        try (Gateway source = gateway("source", Keyrings.provider("http://127.0.0.1:9", 3, "strategy: weighted"))) {
            var pool = source.provider("p").orElseThrow().pool();
            pool.acquire(null, "b").orElseThrow().failed(new Verdict(FailureClass.RATE_LIMITED, "429 too many requests",
                    java.util.Optional.of(clock.instant().plus(Duration.ofMinutes(20))), org.keyrelay.failure.QuotaWindow.UNKNOWN));
            file = new KeyTransfer(source).export(PASSWORD);
        }
        String plainText = new String(file, StandardCharsets.ISO_8859_1);
        assertFalse(plainText.contains("key-b") || plainText.contains("weighted"), "nothing readable in the file");

        try (Gateway target = gateway("target", Keyrings.provider("http://127.0.0.1:9", 1, "strategy: round-robin"))) {
            ImportReport report = new KeyTransfer(target).importFile(file, PASSWORD);

            assertEquals(List.of("p/b", "p/c"), report.added());
            assertEquals(List.of("p/a: already present"), report.skipped());
            assertEquals(List.of("p: weighted"), report.strategies());
            var pool = target.provider("p").orElseThrow().pool();
            assertEquals("weighted", pool.strategy().configName());
            KeyMemory b = pool.memories().get(1);
            assertEquals("b", b.id());
            assertEquals(KeyState.COOLING, b.state(), "the cooldown came along");
            assertEquals(1, b.failures().get(FailureClass.RATE_LIMITED));
            assertTrue(target.isAddedKey("p", "b"), "imported keys are kept in keys.json");

            ImportReport again = new KeyTransfer(target).importFile(file, PASSWORD);
            assertTrue(again.added().isEmpty(), "a second import adds nothing: " + again);
            assertEquals(3, again.skipped().size());
        }
    }

    @Test
    void should_carry_a_keys_label_and_keep_it_on_the_imported_key_across_a_restart() throws Exception {
        byte[] file;
        String labelled = "providers:\n  - id: p\n    upstream: http://127.0.0.1:9\n    keys:\n"
                + "      - {id: work, secret: key-work, label: \"Work account\"}\n      - {id: plain, secret: key-plain}\n";
        try (Gateway source = gateway("source", labelled)) {
            file = new KeyTransfer(source).export(PASSWORD);
        }
        String empty = "providers:\n  - id: p\n    upstream: http://127.0.0.1:9\n";
        try (Gateway target = gateway("target", empty)) {
            assertEquals(List.of("p/work", "p/plain"), new KeyTransfer(target).importFile(file, PASSWORD).added());
        }
        try (Gateway again = gateway("target", empty)) {
            var keys = again.provider("p").orElseThrow().pool().keys();
            assertEquals("Work account", keys.get(0).label(), "kept in keys.json: " + keys);
            assertEquals(null, keys.get(1).label());
        }
    }

    @Test
    void should_import_a_file_exported_before_keys_had_labels() throws Exception {
        byte[] old = ExportCipher.seal("""
                {"format":1,"exportedAt":"2026-11-01T10:00:00Z","providers":{"p":{"strategy":"round-robin",
                 "keys":[{"id":"old","secret":"key-old","weight":2}]}}}""".getBytes(StandardCharsets.UTF_8), PASSWORD);
        try (Gateway target = gateway("target", "providers:\n  - id: p\n    upstream: http://127.0.0.1:9\n")) {
            ImportReport report = new KeyTransfer(target).importFile(old, PASSWORD);
            assertEquals(List.of("p/old"), report.added());
            var key = target.provider("p").orElseThrow().pool().keys().get(0);
            assertEquals(2, key.weight());
            assertEquals(null, key.label());
        }
    }

    @Test
    void should_import_nothing_from_a_file_with_a_bad_label_and_name_the_key_and_the_label() throws Exception {
        byte[] file = ExportCipher.seal("""
                {"format":1,"providers":{"p":{"keys":[{"id":"fine","secret":"key-fine"},
                 {"id":"odd","secret":"key-odd","label":"Work\\naccount"}]}}}""".getBytes(StandardCharsets.UTF_8), PASSWORD);
        try (Gateway target = gateway("target", "providers:\n  - id: p\n    upstream: http://127.0.0.1:9\n")) {
            ProblemException e = assertThrows(ProblemException.class, () -> new KeyTransfer(target).importFile(file, PASSWORD));
            assertEquals(400, e.problem().status());
            assertTrue(e.getMessage().startsWith("Cannot import: key p/odd: label 'Work\naccount' has a line break"),
                    e.getMessage());
            assertEquals(0, target.provider("p").orElseThrow().pool().size(), "nothing was imported");
        }
    }

    @Test
    void should_import_nothing_with_a_wrong_password() throws Exception {
        byte[] file;
        try (Gateway source = gateway("source", Keyrings.provider("http://127.0.0.1:9", 2))) {
            file = new KeyTransfer(source).export(PASSWORD);
        }
        try (Gateway target = gateway("target", "providers:\n  - id: p\n    upstream: http://127.0.0.1:9\n")) {
            ProblemException e = assertThrows(ProblemException.class,
                    () -> new KeyTransfer(target).importFile(file, "wrong".toCharArray()));
            assertEquals("Cannot import: wrong password or damaged file. Nothing was imported.", e.getMessage());
            assertEquals(0, target.provider("p").orElseThrow().pool().size());
        }
    }

    @Test
    void should_import_nothing_from_a_file_with_any_byte_changed() throws Exception {
        byte[] file;
        try (Gateway source = gateway("source", Keyrings.provider("http://127.0.0.1:9", 2))) {
            file = new KeyTransfer(source).export(PASSWORD);
        }
        int headerEnd = 16 + 1 + 1 + 4 + 1 + 16 + 1 + 12;
        for (int position : new int[] {20, 30, headerEnd + 3, file.length - 1}) {
            byte[] tampered = file.clone();
            tampered[position] ^= 0x01;
            try (Gateway target = gateway("target-" + position, "providers:\n  - id: p\n    upstream: http://127.0.0.1:9\n")) {
                ProblemException e = assertThrows(ProblemException.class, () -> new KeyTransfer(target).importFile(tampered, PASSWORD));
                assertTrue(e.getMessage().contains("wrong password or damaged file"), position + ": " + e.getMessage());
                assertEquals(0, target.provider("p").orElseThrow().pool().size());
            }
        }
        ProblemException notOurs = assertThrows(ProblemException.class, () -> new KeyTransfer(gateway("x", "")).importFile(
                "{\"providers\":{}}".getBytes(StandardCharsets.UTF_8), PASSWORD));
        assertTrue(notOurs.getMessage().contains("not a Keyrelay export file"));
    }

    @Test
    void should_write_a_versioned_header_with_600000_iterations_and_fresh_salt_and_iv() throws Exception {
        byte[] content = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] one = ExportCipher.seal(content, PASSWORD);
        byte[] two = ExportCipher.seal(content, PASSWORD);

        assertArrayEquals("KEYRELAY-EXPORT\n".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(one, 16));
        ByteBuffer header = ByteBuffer.wrap(one, 16, one.length - 16);
        assertEquals(1, header.get(), "format version");
        assertEquals(1, header.get(), "kdf: PBKDF2-HMAC-SHA256");
        assertTrue(header.getInt() >= 600_000, "iterations");
        assertEquals(16, header.get(), "salt length");
        assertFalse(Arrays.equals(Arrays.copyOfRange(one, 23, 39), Arrays.copyOfRange(two, 23, 39)), "a new salt per file");
        assertFalse(Arrays.equals(Arrays.copyOfRange(one, 40, 52), Arrays.copyOfRange(two, 40, 52)), "a new IV per file");
        assertArrayEquals(content, ExportCipher.open(one, PASSWORD));
        assertEquals(52 + content.length + 16, one.length, "header, ciphertext, 128-bit tag");
    }
}
