package org.keyrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;

/** {@code keyrelay keys watch [PROVIDER]}: one line per key event of the running gateway, until it stops. */
class KeysWatchCliTest {

    private static final String KEYRING = """
            providers:
              - id: kimi
                upstream: http://127.0.0.1:9
                keys:
                  - {id: main, secret: sk-test-watch-main-5a7b}
                  - {id: spare, secret: sk-test-watch-spare-3c9d}
            """;

    @TempDir
    Path dir;

    @Test
    void should_print_one_coloured_line_per_event_until_the_gateway_stops() throws Exception {
        RunningGateway gw = RunningGateway.start(dir, KEYRING, MutableClock.tickingFromNow());
        Map<String, String> env = Map.of("KEYRELAY_STATE_DIR", gw.stateDir().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        KeysCli cli = new KeysCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), InputStream.nullInputStream(),
                Passwords.fromEnvOrConsole(env), true, Clock.systemUTC());
        CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(() -> cli.run(new String[] {"watch", "kimi"}));
        try {
            Eventually.until(Duration.ofSeconds(10), "the watch started",
                    () -> out.toString(StandardCharsets.UTF_8).contains("Following key events of kimi"));
            assertEquals(200, gw.admin("POST", "/admin/providers/kimi/keys/main/disable", null).statusCode());
            assertEquals(200, gw.admin("POST", "/admin/providers/kimi/keys/main/enable", null).statusCode());

            Eventually.until(Duration.ofSeconds(10), "two lines", () -> out.toString(StandardCharsets.UTF_8)
                    .contains("kimi/main enabled"));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("\u001b[31mkimi/main disabled (disabled by operator)\u001b[0m"), printed);
            assertTrue(printed.contains("\u001b[32mkimi/main enabled (enabled by operator)\u001b[0m"), printed);
            assertTrue(!printed.contains("sk-test"), printed);
        } finally {
            gw.close();
        }
        assertEquals(1, watching.get(20, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("ended"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_say_it_needs_a_running_gateway() {
        CliRun run = CliRun.keys(Map.of("KEYRELAY_STATE_DIR", dir.toString()), "watch");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("`keys watch` follows a running gateway's key events"), run.err());
    }
}
