package org.keyrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.FreePort;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * The release archive as a user gets it: target/keyrelay-VERSION.tar.gz unpacked into an empty folder, its
 * config/keyring.yaml edited, {@code bin/keyrelay} started from that folder with nothing but Java, a request
 * proxied to a provider on loopback (past a rate-limited key), and a clean stop on SIGTERM.
 */
class ReleaseArchiveIT {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private Process gateway;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stop() throws InterruptedException {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly();
            gateway.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_proxy_a_request_from_the_unpacked_archive() throws Exception {
        Path archive = Path.of(System.getProperty("keyrelay.archive"));
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        String tarOutput = new String(tar.getInputStream().readAllBytes());
        assertEquals(0, tar.waitFor(), tarOutput);
        Path home = dir.resolve("keyrelay-" + System.getProperty("keyrelay.version"));
        for (String file : List.of("lib/keyrelay.jar", "bin/keyrelay", "config/application.properties",
                "config/keyring.yaml", "routes/gateway.camel.yaml", "routes/errors.camel.yaml", "README.md", "LICENSE")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file + " is in the archive");
        }
        assertTrue(Files.isExecutable(home.resolve("bin/keyrelay")), "bin/keyrelay is executable");

        try (StubUpstream upstream = new StubUpstream()) {
            upstream.otherwise(r -> "key-a".equals(r.key())
                    ? Answer.rateLimited(3600)
                    : Answer.ok());
            Files.writeString(home.resolve("config/keyring.yaml"),
                    Keyrings.provider(upstream.baseUrl(), 2, "strategy: fill-first"));
            int port = FreePort.next();
            gateway = start(home, port);

            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/p/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("ab", upstream.keySequence(), "rotated past the rate-limited key");

            gateway.destroy(); // SIGTERM
            assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway stops on SIGTERM");
        }
    }

    private Process start(Path home, int port) throws Exception {
        Path log = dir.resolve("keyrelay.log");
        ProcessBuilder builder = new ProcessBuilder("bin/keyrelay", "--port", Integer.toString(port),
                "--management-port", "0", "--state-dir", dir.resolve("state").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        new HashMap<>(env).keySet().stream().filter(k -> k.startsWith("KEYRELAY_")).forEach(env::remove);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KEYRELAY_CDS", "off");
        env.put("KEYRELAY_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        Process process = builder.start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("bin/keyrelay exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 404) {
                    return process;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("bin/keyrelay did not start within " + STARTUP + ":\n" + Files.readString(log));
    }
}
