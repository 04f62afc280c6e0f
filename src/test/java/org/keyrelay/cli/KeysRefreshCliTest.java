package org.keyrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.pool.KeyState;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/** {@code keyrelay keys refresh PROVIDER}: through the running gateway, and on the state dir's files when none runs. */
class KeysRefreshCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Map<String, String> env(Path stateDir, Path keyring) {
        return Map.of("KEYRELAY_STATE_DIR", stateDir.toString(), "KEYRELAY_KEYRING", keyring.toString());
    }

    @Test
    void should_refresh_every_key_through_the_running_gateway_and_offline() throws Exception {
        try (StubUpstream upstream = new StubUpstream()) {
            upstream.script("key-a", Answer.rateLimited(3600));
            String keyring = Keyrings.provider(upstream.baseUrl(), 2, "strategy: fill-first");
            Map<String, String> env;
            try (RunningGateway gw = RunningGateway.start(dir, keyring, MutableClock.tickingFromNow())) {
                env = env(gw.stateDir(), dir.resolve("keyring.yaml"));
                assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
                assertEquals(0, CliRun.keys(env, "disable", "p", "b").exitCode());

                CliRun online = CliRun.keys(env, "refresh", "p");

                assertEquals(0, online.exitCode(), online.err());
                assertTrue(online.out().startsWith("refreshed p:"), online.out());
                assertTrue(online.out().contains("● a "), online.out());
                assertTrue(online.out().contains("100%  active"), online.out());
                assertTrue(online.out().contains("100%  disabled"), online.out());
                var pool = gw.gateway().provider("p").orElseThrow().pool();
                assertEquals(KeyState.ACTIVE, pool.memories().get(0).state(), "the running gateway changed");

                upstream.script("key-a", Answer.rateLimited(3600));
                assertEquals(0, CliRun.keys(env, "enable", "p", "b").exitCode());
                assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode()); // a cools again, b serves
            }
            assertTrue(Files.readString(dir.resolve("state/state.json")).contains("cooling"));

            CliRun offline = CliRun.keys(env, "refresh", "p", "--json");

            assertEquals(0, offline.exitCode(), offline.err());
            assertEquals("active", JSON.readTree(offline.out()).at("/keys/0/state").asText());
            assertEquals(100, JSON.readTree(offline.out()).at("/keys/0/health").asInt());
            CliRun list = CliRun.keys(env, "list", "p", "--json");
            assertEquals("active", JSON.readTree(list.out()).at("/keys/0/state").asText(), "kept in the state dir");

            CliRun noProvider = CliRun.keys(env, "refresh", "q");
            assertEquals(1, noProvider.exitCode());
            assertTrue(noProvider.err().contains("Known providers: p"), noProvider.err());
            assertEquals(2, CliRun.keys(env, "refresh").exitCode(), "PROVIDER is required");
        }
    }
}
