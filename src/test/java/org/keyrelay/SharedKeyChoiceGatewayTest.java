package org.keyrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RedisServer;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import redis.clients.jedis.Jedis;

/**
 * With key state shared through Redis, the key in use is each instance's own: an operator's {@code use} on one
 * gateway leaves the other alone, and that gateway gets it back from its own state file after a restart (with its
 * last use of each key, which Redis does not keep).
 */
class SharedKeyChoiceGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void should_keep_the_key_in_use_per_instance_across_a_restart() throws Exception {
        MutableClock clock = MutableClock.tickingFromNow();
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
             StubUpstream upstream = new StubUpstream()) {
            try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
                j.flushAll();
            }
            String keyring = Keyrings.provider(upstream.baseUrl(), 2, "strategy: fill-first");
            Map<String, String> env = Map.of("KEYRELAY_STATE", redis.url());
            Path homeA = java.nio.file.Files.createDirectories(dir.resolve("a"));
            Path homeB = java.nio.file.Files.createDirectories(dir.resolve("b"));
            try (RunningGateway a = RunningGateway.start(homeA, keyring, clock, env);
                 RunningGateway b = RunningGateway.start(homeB, keyring, clock, env)) {
                assertEquals(200, a.admin("POST", "/admin/providers/p/keys/b/use", null).statusCode());
                assertEquals(200, a.post("/p/v1/chat/completions", "{}").statusCode());
                assertEquals(200, b.post("/p/v1/chat/completions", "{}").statusCode());
                assertEquals("ba", upstream.keySequence(), "the other instance's choice is its own");
            }
            try (RunningGateway a = RunningGateway.start(homeA, keyring, clock, env)) {
                JsonNode p = JSON.readTree(a.admin("GET", "/admin/providers/p/keys", null).body());
                assertEquals("b", p.at("/provider/chosen").asText(), p.toString());
                assertTrue(p.at("/keys/1/lastUsed").isTextual(), "its last use, from its own file: " + p);
                assertEquals(200, a.post("/p/v1/chat/completions", "{}").statusCode());
                assertEquals("bab", upstream.keySequence());
            }
        }
    }
}
