package org.keyrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.pool.KeyState;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;

/** With a gateway running for the state dir, the CLI finds it and works through its admin API. */
class KeysCliOnlineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEYRING = "providers:\n  - id: kimi\n    upstream: http://127.0.0.1:9\n    strategy: fill-first\n"
            + "    keys:\n      - {id: main, secret: sk-kimi-0123456789DigS}\n      - {id: spare, secret: sk-spare-0123456789xyz}\n";

    @TempDir
    Path dir;

    @Test
    void should_list_change_and_report_through_the_running_gateway() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, KEYRING, MutableClock.tickingFromNow())) {
            Map<String, String> env = Map.of("KEYRELAY_STATE_DIR", gw.stateDir().toString());

            CliRun list = CliRun.keys(env, "list");
            assertEquals(0, list.exitCode(), list.err());
            assertTrue(list.out().contains("kimi  fill-first  2 of 2 keys usable"), list.out());
            assertTrue(list.out().contains("● main   sk-ki…DigS   ██████████ 100%  active"), list.out());
            assertFalse(list.out().contains("0123456789"), "secrets stay masked");

            CliRun disabled = CliRun.keys(env, "disable", "kimi", "main");
            assertEquals(0, disabled.exitCode(), disabled.err());
            assertTrue(disabled.out().startsWith("disabled kimi/main: "), disabled.out());
            assertEquals(KeyState.DISABLED, gw.gateway().provider("kimi").orElseThrow().pool().memories().get(0).state(),
                    "the running gateway changed");

            CliRun added = CliRun.keysWithInput(env, "sk-new-from-stdin-7777\n", "add", "kimi", "-", "--id", "extra", "--weight", "2");
            assertEquals(0, added.exitCode(), added.err());
            assertTrue(added.out().contains("added kimi/extra"), added.out());
            assertEquals(3, gw.gateway().provider("kimi").orElseThrow().pool().size());

            CliRun json = CliRun.keys(env, "list", "kimi", "--json");
            JsonNode keys = JSON.readTree(json.out()).get("keys");
            assertEquals("disabled", keys.get(0).get("state").asText());
            assertEquals("extra", keys.get(2).get("id").asText());

            assertEquals(0, CliRun.keys(env, "use", "kimi", "spare").exitCode());
            assertTrue(CliRun.keys(env, "rotate", "kimi").out().contains("now using kimi/extra"));
            assertEquals(0, CliRun.keys(env, "strategy", "kimi", "round-robin").exitCode());
            assertEquals("round-robin", gw.gateway().provider("kimi").orElseThrow().pool().strategy().configName());

            CliRun stats = CliRun.keys(env, "stats", "kimi", "--json");
            assertEquals(0, stats.exitCode(), stats.err());
            assertEquals("kimi", JSON.readTree(stats.out()).at("/providers/0/id").asText());
            assertEquals(0, CliRun.keys(env, "remove", "kimi", "extra").exitCode());
        }
    }

    @Test
    void should_name_the_known_providers_and_keys_and_exit_1() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, KEYRING, MutableClock.tickingFromNow())) {
            Map<String, String> env = Map.of("KEYRELAY_STATE_DIR", gw.stateDir().toString());
            CliRun provider = CliRun.keys(env, "list", "kimmi");
            assertEquals(1, provider.exitCode());
            assertTrue(provider.err().contains("No provider 'kimmi'. Known providers: kimi."), provider.err());

            CliRun key = CliRun.keys(env, "enable", "kimi", "mian");
            assertEquals(1, key.exitCode());
            assertTrue(key.err().contains("Its keys: main, spare"), key.err());

            CliRun keyringKey = CliRun.keys(env, "remove", "kimi", "main");
            assertEquals(1, keyringKey.exitCode());
            assertTrue(keyringKey.err().contains("comes from the keyring"), keyringKey.err());

            CliRun wrongToken = CliRun.keys(Map.of("KEYRELAY_STATE_DIR", gw.stateDir().toString(),
                    "KEYRELAY_ADMIN_TOKEN", "not-it"), "list");
            assertEquals(1, wrongToken.exitCode());
            assertTrue(wrongToken.err().contains("admin token is wrong"), wrongToken.err());
        }
    }

    @Test
    void should_print_usage_and_exit_2_on_wrong_arguments() {
        Map<String, String> env = Map.of("KEYRELAY_STATE_DIR", dir.toString());
        for (String[] args : new String[][] {{}, {"add", "kimi"}, {"frobnicate"}, {"list", "--colour"}, {"enable", "kimi"},
                {"add", "kimi", "sk-a", "--weight", "heavy"}, {"remove", "a", "b", "c"}}) {
            CliRun run = CliRun.keys(env, args);
            assertEquals(2, run.exitCode(), String.join(" ", args));
            assertTrue(run.err().contains("usage: keyrelay keys COMMAND"), run.err());
        }
        CliRun help = CliRun.keys(env, "help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("export FILE"));
    }
}
