package org.keyrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyState;
import org.keyrelay.store.FileKeyStateStore;

/**
 * The offline CLI works on the key state under its store lock, from its first read to its last write: while a
 * gateway holds the lock (one that has not published its admin endpoint yet), the CLI changes nothing.
 */
class KeysCliStateLockTest {

    private static final String KEYRING = "providers:\n  - id: kimi\n    upstream: http://127.0.0.1:9\n"
            + "    keys:\n      - {id: main, secret: sk-kimi-0123456789DigS}\n";

    @TempDir
    Path dir;

    private Map<String, List<KeyMemory>> saved() {
        return FileKeyStateStore.tool(dir.resolve("state"), Clock.systemUTC()).load();
    }

    @Test
    void should_change_nothing_while_a_gateway_holds_the_state_lock_and_work_once_it_is_gone() throws Exception {
        Map<String, String> env = CliRun.offlineEnv(dir, KEYRING);
        FileKeyStateStore gateway = FileKeyStateStore.owner(dir.resolve("state"), Clock.systemUTC(), Duration.ZERO);
        try {
            CliRun refused = CliRun.keys(env, "disable", "kimi", "main");

            assertEquals(1, refused.exitCode(), refused.out());
            assertTrue(refused.err().contains("a gateway holds the key state") && refused.err().contains("still starting"),
                    refused.err());
            assertEquals(Map.of(), saved(), "nothing written");
        } finally {
            gateway.close();
        }

        CliRun disabled = CliRun.keys(env, "disable", "kimi", "main");

        assertEquals(0, disabled.exitCode(), disabled.err());
        assertEquals(KeyState.DISABLED, saved().get("kimi").get(0).state());
        assertEquals(false, FileKeyStateStore.tool(dir.resolve("state"), Clock.systemUTC()).isLocked(),
                "the CLI let go of the lock when it was done");
    }
}
