package org.keyrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyState;
import org.keyrelay.store.FileKeyStateStore;
import org.keyrelay.store.StateLockedException;
import org.keyrelay.support.FreePort;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * The gateway process is killed with SIGKILL in the middle of load. Its state file still loads, the cooldown it
 * recorded more than a second before the kill is in it, and the restarted gateway keeps that key out. The store lock
 * dies with the process, so the new gateway takes it, and while that one runs no other process may write its state.
 */
class CrashRecoveryTest {

    private static final Duration STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        loading.set(false);
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void should_keep_a_cooldown_recorded_before_a_sigkill_in_the_middle_of_load() throws Exception {
        try (StubUpstream upstream = new StubUpstream()) {
            // key a is rate-limited for an hour whenever it is asked (so no success of a request in flight on it can
            // clear the cooldown); b and c answer
            upstream.otherwise(r -> "key-a".equals(r.key())
                    ? Answer.rateLimited(3600)
                    : Answer.ok());
            Path keyring = dir.resolve("keyring.yaml");
            Files.writeString(keyring, Keyrings.provider(upstream.baseUrl(), 3, "strategy: round-robin"));
            Path stateDir = dir.resolve("state");

            int firstPort = FreePort.next();
            Process first = start(keyring, stateDir, firstPort, "first");
            AtomicLong answered = new AtomicLong();
            AtomicReference<Instant> coolingSeen = new AtomicReference<>();
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread thread = new Thread(() -> {
                    while (loading.get()) {
                        try {
                            HttpResponse<String> r = post(firstPort);
                            answered.incrementAndGet();
                            if (r.statusCode() == 200 && r.headers().firstValue("X-Keyrelay-Attempts").orElse("1").equals("2")) {
                                coolingSeen.compareAndSet(null, Instant.now()); // a was cooled before this answer
                            }
                        } catch (IOException | InterruptedException killedOrBusy) {
                            // the gateway is gone (or the connection broke): keep trying until told to stop
                        }
                    }
                }, "load-" + t);
                thread.setDaemon(true);
                thread.start();
                load.add(thread);
            }
            awaitTrue(() -> coolingSeen.get() != null, Duration.ofSeconds(10), "a request rotated off the rate-limited key");
            Thread.sleep(1_500); // the cooldown is now more than a second old; load goes on meanwhile
            long before = answered.get();
            Thread.sleep(200);
            assertTrue(answered.get() > before, "the gateway is under load when it is killed");

            first.destroyForcibly(); // SIGKILL: no shutdown hook, no last flush
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
            loading.set(false);
            for (Thread thread : load) {
                thread.join(10_000);
            }
            assertEquals(137, first.exitValue(), "killed by SIGKILL");

            FileKeyStateStore tool = FileKeyStateStore.tool(stateDir, Clock.systemUTC());
            assertFalse(tool.isLocked(), "the lock died with the process");
            Map<String, List<KeyMemory>> saved = tool.load();
            assertEquals(List.of(), corruptFiles(stateDir), "the state file was whole");
            KeyMemory a = memory(saved, "a");
            assertEquals(KeyState.COOLING, a.state());
            assertEquals(FailureClass.RATE_LIMITED, a.cause());
            assertTrue(a.until().isAfter(Instant.now().plus(Duration.ofMinutes(50))), "cooling for an hour: " + a.until());
            assertTrue(memory(saved, "b").requests() > 0, "counters were saved under load too");

            int secondPort = FreePort.next();
            Process second = start(keyring, stateDir, secondPort, "second");
            int askedBefore = upstream.received().size();
            StringBuilder keys = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = post(secondPort);
                assertEquals(200, r.statusCode(), r.body());
                keys.append(r.headers().firstValue("X-Keyrelay-Key").orElseThrow());
            }
            assertFalse(keys.toString().contains("a"), "the cooled key stays out after the restart: " + keys);
            assertFalse(upstream.keySequence().substring(askedBefore).contains("a"));
            assertThrows(StateLockedException.class, () -> tool.update(state -> state),
                    "no other process writes the state of a running gateway");

            second.destroy(); // SIGTERM: a clean stop
            assertTrue(second.waitFor(15, TimeUnit.SECONDS), "the gateway stops on SIGTERM");
            assertFalse(tool.isLocked());
            assertEquals(KeyState.COOLING, memory(tool.load(), "a").state());
        }
    }

    private Process start(Path keyring, Path stateDir, int port, String name) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"), Keyrelay.class.getName(),
                "--keyring", keyring.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--state-dir", stateDir.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        new HashMap<>(env).keySet().stream().filter(k -> k.startsWith("KEYRELAY_")).forEach(env::remove);
        Process process = builder.start();
        processes.add(process);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the " + name + " gateway exited with " + process.exitValue() + ":\n" + log(name));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 404) {
                    return process;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the " + name + " gateway did not start within " + STARTUP + ":\n" + log(name));
    }

    private HttpResponse<String> post(int port) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/p/v1/chat/completions"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String log(String name) {
        try {
            String text = Files.readString(dir.resolve(name + ".log"));
            return text.length() > 4_000 ? text.substring(text.length() - 4_000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static KeyMemory memory(Map<String, List<KeyMemory>> state, String id) {
        return state.getOrDefault("p", List.of()).stream().filter(k -> k.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no saved memory of key " + id + " in " + state));
    }

    private static List<String> corruptFiles(Path stateDir) throws IOException {
        try (Stream<Path> files = Files.list(stateDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains("corrupt")).toList();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration limit, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(10);
        }
    }
}
