package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyState;
import org.keyrelay.support.CapturedLog;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/** Editing the keyring applies without a restart, keeps every key's state, and a broken edit changes nothing. */
class KeyringReloadRouteTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** Replaces the keyring the way editors do: a new file renamed over the old one. */
    private void edit(String keyring) throws Exception {
        Path tmp = dir.resolve("keyring.yaml.new");
        Files.writeString(tmp, keyring);
        Files.move(tmp, dir.resolve("keyring.yaml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void should_apply_added_and_removed_keys_and_a_new_strategy_keeping_the_cooled_key() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2, "strategy: fill-first"),
                     MutableClock.tickingFromNow())) {
            upstream.script("key-a", Answer.rateLimited(600));
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
            KeyPool pool = gw.gateway().provider("p").orElseThrow().pool();
            Instant cooledUntil = pool.memories().get(0).until();

            edit(Keyrings.provider(upstream.baseUrl(), 3, "strategy: round-robin").replace("      - {id: b, secret: key-b}\n", ""));

            Eventually.until(WAIT, "keys a, c and round-robin", () -> pool.keys().size() == 2
                    && pool.keys().get(1).id().equals("c") && pool.strategy().configName().equals("round-robin"));
            KeyMemory a = pool.memories().get(0);
            assertEquals(KeyState.COOLING, a.state(), "the cooled key keeps its state");
            assertEquals(cooledUntil, a.until());
            assertEquals(85, a.health());
            assertTrue(gw.gateway().provider("p").orElseThrow() .pool() == pool, "the same pool");
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
            assertEquals("key-c", upstream.received().get(upstream.received().size() - 1).key());
        }
    }

    @Test
    void should_refuse_a_broken_edit_naming_file_line_and_setting_and_keep_running() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2), MutableClock.tickingFromNow());
             CapturedLog log = new CapturedLog()) {
            edit("providers:\n  - id: p\n    upstream: " + upstream.baseUrl() + "\n    strategy: fastest\n");

            Eventually.until(WAIT, "the refusal in the log", () -> log.text().contains("Keyring change refused"));
            assertTrue(log.text().contains("keyring.yaml:4: providers[0].strategy: 'fastest' is not one of round-robin"), log.text());
            assertTrue(log.text().contains("The running keyring stays"));
            KeyPool pool = gw.gateway().provider("p").orElseThrow().pool();
            assertEquals(2, pool.size());
            assertEquals("round-robin", pool.strategy().configName());
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());

            edit("providers: [ {id: p, upstream: " + upstream.baseUrl() + "\n");
            Eventually.until(WAIT, "the YAML refusal", () -> log.text().contains("not valid YAML"));
            assertEquals(2, pool.size());
        }
    }

    @Test
    void should_add_and_remove_providers_with_their_mbeans() throws Exception {
        ObjectName q = new ObjectName("keyrelay:type=KeyPool,provider=q");
        ObjectName p = new ObjectName("keyrelay:type=KeyPool,provider=p");
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 1), MutableClock.tickingFromNow())) {
            String withQ = Keyrings.provider(upstream.baseUrl(), 1)
                    + "  - id: q\n    upstream: " + upstream.baseUrl() + "\n    keys:\n      - {id: q1, secret: key-q}\n";
            edit(withQ);
            Eventually.until(WAIT, "provider q", () -> gw.gateway().provider("q").isPresent());
            assertEquals(200, gw.post("/q/v1/chat/completions", "{}").statusCode());
            assertEquals("key-q", upstream.received().get(0).key());
            assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(q));

            edit(withQ.replace(Keyrings.provider(upstream.baseUrl(), 1).replace("providers:\n", ""), ""));
            Eventually.until(WAIT, "provider p gone", () -> gw.gateway().provider("p").isEmpty());
            assertEquals(404, gw.post("/p/v1/chat/completions", "{}").statusCode());
            assertEquals(List.of("q"), List.copyOf(gw.gateway().providers().keySet()));
            assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(p));
        }
    }
}
