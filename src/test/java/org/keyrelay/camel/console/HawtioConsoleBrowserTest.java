package org.keyrelay.camel.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * The console as a person sees it: Debian's Chromium, driven by playwright-core (src/test/node/hawtio-console.mjs),
 * opens the real gateway's Hawtio, finds the ingress route with its exchange counts in the Camel routes list and the
 * provider's key pool in the JMX tree, and leaves screenshots in target/ (hawtio-routes.png, hawtio-keypool.png).
 * Needs /usr/bin/chromium (or CHROMIUM=/path): without it the test fails and says how to install it.
 */
class HawtioConsoleBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_DIR = Path.of("src/test/node");
    private static final Path SCREENSHOTS = Path.of("target").toAbsolutePath();
    private static final String KEYRING = "providers:\n  - id: ollama\n    upstream: %s\n    strategy: fill-first\n    keys:\n"
            + "      - {id: main, secret: sk-test-main-DigS}\n"
            + "      - {id: spare, secret: sk-test-spare-xyzQ}\n";

    @TempDir
    Path dir;

    @Test
    void should_show_the_routes_with_their_counts_and_the_key_pool() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            fail("The browser test needs Chromium at " + chromium + ": install it with `apt-get install -y chromium`"
                    + " (Debian; .ci/run does this), or point CHROMIUM at a Chromium or Chrome binary.");
        }
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, String.format(KEYRING, upstream.baseUrl()), MutableClock.tickingFromNow())) {
            upstream.script("sk-test-main-DigS", Answer.json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}")
                    .withHeader("Retry-After", "600"));
            for (int i = 0; i < 3; i++) {
                assertEquals(200, gw.post("/ollama/v1/chat/completions", "{\"model\":\"m\"}").statusCode());
            }

            Map<String, JsonNode> seen = run(gw.adminUrl(""), chromium);

            JsonNode ingress = seen.get("routes").get("ingress");
            assertEquals("ingress", ingress.get(1).asText(), ingress.toString());
            assertEquals("Started", ingress.get(2).asText(), ingress.toString());
            assertEquals("3", ingress.get(4).asText(), "three requests completed: " + ingress);
            assertEquals("Keyrelay", seen.get("routes").get("title").asText());
            JsonNode pool = seen.get("keypool").get("attributes");
            assertEquals("2", pool.get("KeyCount").asText(), pool.toString());
            assertEquals("1", pool.get("UsableKeys").asText(), "main is cooling: " + pool);
            String keys = pool.get("Keys").asText();
            assertTrue(keys.contains("main sk-te…DigS cooling") && keys.contains("spare sk-te…xyzQ active"), keys);
            assertFalse(keys.contains("0123456789"), "the console shows secrets masked");
            assertFalse(seen.containsKey("serverErrors"), "the server answered every console request: " + seen);
            for (String png : new String[] {"hawtio-routes.png", "hawtio-keypool.png"}) {
                byte[] head = Files.readAllBytes(SCREENSHOTS.resolve(png));
                assertTrue(head.length > 20_000 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', png + " is a screenshot");
            }
        }
    }

    /** Runs the browser script; its findings by key ("routes", "keypool"...). */
    private static Map<String, JsonNode> run(String managementUrl, String chromium) throws Exception {
        Files.deleteIfExists(SCREENSHOTS.resolve("hawtio-routes.png"));
        Files.deleteIfExists(SCREENSHOTS.resolve("hawtio-keypool.png"));
        ProcessBuilder pb = new ProcessBuilder("node", "hawtio-console.mjs", managementUrl, "ollama", SCREENSHOTS.toString())
                .directory(NODE_DIR.toFile())
                .redirectErrorStream(true);
        pb.environment().put("CHROMIUM", chromium);
        Process node = pb.start();
        if (!node.waitFor(120, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            fail("the browser script did not finish within 120 s");
        }
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, node.exitValue(), out);
        Map<String, JsonNode> seen = new HashMap<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                JSON.readTree(line).fields().forEachRemaining(f -> seen.put(f.getKey(), f.getValue()));
            }
        }
        assertTrue(seen.containsKey("routes") && seen.containsKey("keypool"), out);
        return seen;
    }
}
