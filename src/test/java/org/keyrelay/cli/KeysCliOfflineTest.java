package org.keyrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyState;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;

/** With no gateway running, the CLI changes the files of the state dir, and a gateway started later uses them. */
class KeysCliOfflineTest {

    private static final String KEYRING = "providers:\n  - id: kimi\n    upstream: http://127.0.0.1:9\n    strategy: fill-first\n"
            + "    keys:\n      - {id: main, secret: sk-kimi-0123456789DigS}\n";

    @TempDir
    Path dir;

    @Test
    void should_change_the_files_and_the_next_gateway_start_uses_them() throws Exception {
        Map<String, String> env = CliRun.offlineEnv(dir, KEYRING);
        CliRun added = CliRun.keys(env, "add", "kimi", "sk-added-offline-4242", "--id", "second");
        assertEquals(0, added.exitCode(), added.err());
        CliRun disabled = CliRun.keys(env, "disable", "kimi", "main");
        assertEquals(0, disabled.exitCode(), disabled.err());
        assertEquals(0, CliRun.keys(env, "strategy", "kimi", "round-robin").exitCode());

        CliRun list = CliRun.keys(env, "list");
        assertTrue(list.out().contains("● main    sk-ki…DigS   ██████████ 100%  disabled"), list.out());
        assertTrue(list.out().contains("second") && list.out().contains("[added]"), list.out());
        Path keysFile = dir.resolve("state/keys.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keysFile)));
        assertFalse(Files.readString(dir.resolve("state/state.json")).contains("sk-added"), "state.json holds no secret");

        CliRun use = CliRun.keys(env, "use", "kimi", "second");
        assertEquals(0, use.exitCode(), use.err()); // the choice is kept in the key state (KeyChoiceRestartTest)
        assertTrue(use.out().contains("now using kimi/second"), use.out());

        try (RunningGateway gw = RunningGateway.start(dir, KEYRING, MutableClock.tickingFromNow())) {
            var pool = gw.gateway().provider("kimi").orElseThrow().pool();
            assertEquals(2, pool.size());
            KeyMemory main = pool.memories().get(0);
            assertEquals(KeyState.DISABLED, main.state());
            assertEquals("round-robin", pool.strategy().configName());
        }
    }

    @Test
    void should_export_and_import_offline_and_refuse_a_wrong_password() throws Exception {
        Map<String, String> env = CliRun.offlineEnv(dir, KEYRING);
        assertEquals(0, CliRun.keys(env, "add", "kimi", "sk-added-offline-4242", "--id", "second").exitCode());
        Path file = dir.resolve("keys.export");
        CliRun export = CliRun.keys(env, "export", file.toString());
        assertEquals(0, export.exitCode(), export.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(1, CliRun.keys(env, "export", file.toString()).exitCode(), "an existing file is not overwritten");

        assertEquals(0, CliRun.keys(env, "remove", "kimi", "second").exitCode());
        Map<String, String> wrong = new HashMap<>(env);
        wrong.put("KEYRELAY_EXPORT_PASSWORD", "not-the-password");
        CliRun refused = CliRun.keys(wrong, "import", file.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("wrong password or damaged file"), refused.err());
        assertFalse(CliRun.keys(env, "list").out().contains("second"), "nothing was imported");

        CliRun imported = CliRun.keys(env, "import", file.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(imported.out().contains("added 1 key(s): kimi/second"), imported.out());
        assertTrue(imported.out().contains("skipped kimi/main: already present"), imported.out());
        assertTrue(CliRun.keys(env, "list").out().contains("second"));
    }
}
