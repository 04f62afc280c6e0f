package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyState;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * The keyring applies only a complete, settled file: rewritten in place ({@code cat > keyring.yaml}: truncate, then
 * write) under load it fails no request; a busy file beside it does not hold an edit back; a provider or key that
 * leaves and comes back gets its state back, an operator's disable included.
 */
class KeyringRewriteRouteTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** What {@code cat new > keyring.yaml} does: the file is emptied, then written, in two steps. */
    private void catOver(String keyring) throws Exception {
        try (OutputStream out = Files.newOutputStream(dir.resolve("keyring.yaml"), StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.flush();
            Thread.sleep(30);
            byte[] bytes = keyring.getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            Thread.sleep(30);
            out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
        }
    }

    @Test
    void should_fail_no_request_while_the_keyring_is_rewritten_in_place() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2), MutableClock.tickingFromNow())) {
            AtomicBoolean run = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Thread load = new Thread(() -> {
                while (run.get()) {
                    try {
                        int status = gw.post("/p/v1/chat/completions", "{}").statusCode();
                        (status == 200 ? ok : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            load.start();
            try {
                for (int i = 0; i < 10; i++) {
                    catOver(Keyrings.provider(upstream.baseUrl(), 2, "strategy: " + (i % 2 == 0 ? "fill-first" : "round-robin")));
                    Thread.sleep(150);
                }
                catOver(Keyrings.provider(upstream.baseUrl(), 2, "strategy: sticky"));
                KeyPool pool = gw.gateway().provider("p").orElseThrow().pool();
                Eventually.until(WAIT, "the last rewrite applied", () -> pool.strategy().configName().equals("sticky"));
            } finally {
                run.set(false);
                load.join();
            }
            assertEquals(0, failed.get(), "no request failed while the keyring was rewritten (" + ok.get() + " passed)");
            assertTrue(ok.get() > 20, "the load ran: " + ok.get());
        }
    }

    @Test
    void should_apply_an_edit_while_a_file_beside_it_is_written_all_the_time() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2), MutableClock.tickingFromNow())) {
            AtomicBoolean run = new AtomicBoolean(true);
            Thread busy = new Thread(() -> {
                Path log = dir.resolve("gateway.log");
                while (run.get()) {
                    try {
                        Files.writeString(log, "line " + Instant.now() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        Thread.sleep(20);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            busy.start();
            try {
                Thread.sleep(200);
                catOver(Keyrings.provider(upstream.baseUrl(), 2, "strategy: sticky"));
                KeyPool pool = gw.gateway().provider("p").orElseThrow().pool();
                Eventually.until(Duration.ofSeconds(3), "the edit applied despite the busy sibling",
                        () -> pool.strategy().configName().equals("sticky"));
            } finally {
                run.set(false);
                busy.join();
            }
        }
    }

    @Test
    void should_give_a_provider_and_a_key_that_come_back_their_state() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2), MutableClock.tickingFromNow())) {
            upstream.script("key-a", Answer.rateLimited(600));
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
            assertEquals(200, gw.admin("POST", "/admin/providers/p/keys/b/disable", null).statusCode());
            Instant cooledUntil = gw.gateway().provider("p").orElseThrow().pool().memories().get(0).until();

            String two = Keyrings.provider(upstream.baseUrl(), 2);
            catOver("providers: []\n");
            Eventually.until(WAIT, "provider p gone", () -> gw.gateway().provider("p").isEmpty());
            catOver(two);
            Eventually.until(WAIT, "provider p back", () -> gw.gateway().provider("p").isPresent());
            KeyPool back = gw.gateway().provider("p").orElseThrow().pool();
            assertEquals(KeyState.COOLING, back.memories().get(0).state(), "a keeps its cooldown");
            assertEquals(cooledUntil, back.memories().get(0).until());
            assertEquals(KeyState.DISABLED, back.memories().get(1).state(), "b stays disabled");

            catOver(Keyrings.provider(upstream.baseUrl(), 1));
            Eventually.until(WAIT, "key b gone", () -> back.keys().size() == 1);
            catOver(two);
            Eventually.until(WAIT, "key b back", () -> back.keys().size() == 2);
            assertEquals(KeyState.DISABLED, back.memories().get(1).state(), "b, back again, is still disabled");

            catOver(two.replace("secret: key-b", "secret: key-b2").replace("      - {id: a, secret: key-a}\n", ""));
            Eventually.until(WAIT, "b with a new secret", () -> back.keys().size() == 1);
            assertEquals(KeyState.ACTIVE, back.memories().get(0).state(), "a new secret starts fresh");
        }
    }
}
