package org.keyrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;

/**
 * {@code keys add --label}: offline and through a running gateway, the label is shown beside the id by
 * {@code keys list}, travels through {@code keys export} / {@code keys import}; a bad one is refused naming the label.
 */
class KeyLabelsCliTest {

    private static final String KEYRING = "providers:\n  - id: kimi\n    upstream: http://127.0.0.1:9\n"
            + "    keys:\n      - {id: main, secret: sk-kimi-0123456789DigS}\n";

    @TempDir
    Path dir;

    @Test
    void should_add_a_labelled_key_offline_list_it_and_carry_the_label_through_export_and_import() throws Exception {
        Map<String, String> env = CliRun.offlineEnv(dir, KEYRING);
        CliRun added = CliRun.keys(env, "add", "kimi", "sk-added-offline-4242", "--id", "work", "--label", "Work account");
        assertEquals(0, added.exitCode(), added.err());
        assertTrue(added.out().startsWith("added kimi/work: work \"Work account\" "), added.out());
        CliRun list = CliRun.keys(env, "list", "kimi");
        assertTrue(list.out().contains("● work \"Work account\"  sk-ad…4242"), list.out());
        assertTrue(list.out().contains("● main                 sk-ki…DigS"), "the keyring key, unlabelled: " + list.out());

        Path file = dir.resolve("keys.export");
        assertEquals(0, CliRun.keys(env, "export", file.toString()).exitCode());
        assertEquals(0, CliRun.keys(env, "remove", "kimi", "work").exitCode());
        assertFalse(CliRun.keys(env, "list", "kimi").out().contains("Work account"));
        CliRun imported = CliRun.keys(env, "import", file.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(CliRun.keys(env, "list", "kimi").out().contains("● work \"Work account\""), "the label came back");
    }

    @Test
    void should_add_a_labelled_key_through_the_running_gateway() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, KEYRING, MutableClock.tickingFromNow())) {
            Map<String, String> env = Map.of("KEYRELAY_STATE_DIR", gw.stateDir().toString());
            CliRun added = CliRun.keysWithInput(env, "sk-new-from-stdin-7777\n", "add", "kimi", "-", "--label", "Spare");
            assertEquals(0, added.exitCode(), added.err());
            assertEquals("Spare", gw.key("kimi", "key-2").label(), "the running gateway has it");
            assertTrue(CliRun.keys(env, "list", "kimi").out().contains("● key-2 \"Spare\""));
        }
    }

    @Test
    void should_refuse_a_bad_label_naming_the_setting_and_the_value_offline_and_online() throws Exception {
        String tooLong = "A label that goes on and on, well past the sixty-four characters allowed";
        Map<String, String> offline = CliRun.offlineEnv(dir, KEYRING);
        CliRun refused = CliRun.keys(offline, "add", "kimi", "sk-added-offline-4242", "--label", tooLong);
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("label: '" + tooLong + "' is " + tooLong.length()
                + " characters long (at most 64)"), refused.err());
        assertFalse(refused.err().contains("sk-added"), "the secret is not shown: " + refused.err());
        assertFalse(CliRun.keys(offline, "list", "kimi").out().contains("key-2"), "nothing was added");

        try (RunningGateway gw = RunningGateway.start(dir, KEYRING, MutableClock.tickingFromNow())) {
            Map<String, String> online = Map.of("KEYRELAY_STATE_DIR", gw.stateDir().toString());
            CliRun bell = CliRun.keys(online, "add", "kimi", "sk-added-online-4242", "--label", "Work\u0007");
            assertEquals(1, bell.exitCode());
            assertTrue(bell.err().contains("label: 'Work\u0007' has a line break or another control character"), bell.err());
            assertEquals(1, gw.pool("kimi").size(), "nothing was added");
        }
    }
}
