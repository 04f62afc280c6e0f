package org.keyrelay.camel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.EventStreamReader;
import org.keyrelay.support.HangingServer;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.PrometheusText;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;
import org.keyrelay.support.WebhookReceiver;

/**
 * Key events through the real gateway and the shipped routes/events.camel.yaml with its commented examples switched
 * on: seen in order on GET /admin/events and at a webhook, never slowing a request when the webhook hangs.
 */
class KeyEventsRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String SECRET_A = "fake-events-first-key";
    private static final String SECRET_B = "fake-events-second-key";
    private static final String RATE_LIMITED = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.tickingFromNow();
    private final List<AutoCloseable> open = new ArrayList<>();
    private RunningGateway gw;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) { // receivers first: a hanging webhook must not hold the gateway's shutdown
            c.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static String keyring(String upstream) {
        return "providers:\n  - id: kimi\n    upstream: " + upstream + "\n    keys:\n"
                + "      - {id: first, secret: " + SECRET_A + "}\n"
                + "      - {id: second, secret: " + SECRET_B + "}\n";
    }

    /**
     * The project's routes, with events.camel.yaml's commented examples switched on (each YAML line of a commented
     * example loses its "# ") and their URLs and file directory replaced.
     */
    private Path routesWithExamples(Map<String, String> replacements) throws IOException {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        List<String> lines = Files.readAllLines(routes.resolve("events.camel.yaml"));
        List<String> out = new ArrayList<>();
        boolean examples = false;
        for (String line : lines) {
            examples |= line.contains("# - multicast:");
            String l = examples ? line.replaceFirst("^(\\s*)# ([ -])", "$1$2") : line;
            for (Map.Entry<String, String> r : replacements.entrySet()) {
                l = l.replace(r.getKey(), r.getValue());
            }
            out.add(l);
        }
        Files.write(routes.resolve("events.camel.yaml"), out);
        return routes;
    }

    private EventStreamReader stream(String query) throws Exception {
        EventStreamReader reader = opened(EventStreamReader.open(gw.client(), gw.adminUrl("/admin/events" + query),
                "Bearer " + gw.adminToken()));
        assertEquals(200, reader.status());
        assertEquals("text/event-stream", reader.response().headers().firstValue("Content-Type").orElse("")
                .split(";")[0]);
        return reader;
    }

    /** "type key cause" of each event of key first (or rotation from it), in order. */
    private static List<String> firstKeyStory(List<JsonNode> events) {
        return events.stream()
                .filter(e -> "first".equals(e.path("key").asText()) || "first".equals(e.path("from").asText()))
                .map(e -> e.path("type").asText() + (e.has("cause") ? " " + e.path("cause").asText() : ""))
                .toList();
    }

    private static List<JsonNode> parse(List<String> bodies) {
        return bodies.stream().map(b -> {
            try {
                return JSON.readTree(b);
            } catch (IOException e) {
                throw new AssertionError(b, e);
            }
        }).toList();
    }

    @Test
    void should_tell_429_cooled_then_recovered_in_order_on_the_stream_at_the_webhook_in_the_chat_and_the_file()
            throws Exception {
        StubUpstream upstream = opened(new StubUpstream());
        upstream.script(SECRET_A, Answer.json(429, RATE_LIMITED).withHeader("Retry-After", "30"));
        WebhookReceiver webhook = opened(new WebhookReceiver());
        WebhookReceiver chat = opened(new WebhookReceiver());
        Path eventsDir = dir.resolve("events-out");
        Path routes = routesWithExamples(Map.of(
                "http://127.0.0.1:9000/keyrelay-events", webhook.url("/keyrelay-events"),
                "http://127.0.0.1:8065/hooks/REPLACE-WITH-YOUR-HOOK-ID", chat.url("/hooks/abc"),
                "file:logs", "file:" + eventsDir));
        gw = RunningGateway.start(dir, keyring(upstream.baseUrl()), clock, Map.of(), routes);
        EventStreamReader stream = stream("");

        HttpResponse<String> r = gw.post("/kimi/v1/chat/completions", CHAT);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("second", r.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        clock.advance(Duration.ofSeconds(31));
        for (int i = 0; i < 2; i++) { // round-robin comes back to first: its cooldown is over
            assertEquals(200, gw.post("/kimi/v1/chat/completions", CHAT).statusCode());
        }

        List<String> expected = List.of("cooled rate_limited", "rotated rate_limited", "recovered");
        Eventually.until(Duration.ofSeconds(10), "cooled, rotated, recovered on the stream",
                () -> firstKeyStory(stream.events()).equals(expected));
        Eventually.until(Duration.ofSeconds(10), "cooled, rotated, recovered at the webhook",
                () -> firstKeyStory(parse(webhook.bodies())).equals(expected));
        JsonNode cooled = stream.events().stream().filter(e -> e.path("type").asText().equals("cooled")).findFirst()
                .orElseThrow();
        assertEquals("kimi", cooled.path("provider").asText());
        long backIn = Duration.between(clock.instant().minusSeconds(31),
                java.time.Instant.parse(cooled.path("backAt").asText())).toSeconds();
        assertTrue(backIn > 20 && backIn <= 30, "Retry-After 30 s is the back-at time, was in " + backIn + " s");
        JsonNode rotated = stream.events().stream().filter(e -> e.path("type").asText().equals("rotated")).findFirst()
                .orElseThrow();
        assertEquals("second", rotated.path("to").asText());

        // the chat example: only kimi's cooled / invalid / pool events, as {"text": "<readable line>"}
        Eventually.until(Duration.ofSeconds(10), "a chat message", () -> !chat.bodies().isEmpty());
        String text = JSON.readTree(chat.bodies().get(0)).path("text").asText();
        assertTrue(text.startsWith("kimi/first cooled: rate_limited, back at "), text);
        assertEquals(1, chat.bodies().size(), chat.bodies().toString());
        // the file example: one JSON event per line
        Path file = eventsDir.resolve("key-events.ndjson");
        Eventually.until(Duration.ofSeconds(10), "the file", () -> Files.exists(file));
        Eventually.until(Duration.ofSeconds(10), "every event in the file",
                () -> firstKeyStory(parse(readLines(file))).equals(expected));

        // no secret anywhere an event went
        List<String> everything = new ArrayList<>(stream.data());
        everything.addAll(webhook.bodies());
        everything.addAll(chat.bodies());
        everything.addAll(readLines(file));
        for (String event : everything) {
            assertFalse(event.contains(SECRET_A) || event.contains(SECRET_B) || event.contains("sk-test"), event);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Test
    void should_never_delay_a_request_while_the_webhook_hangs_and_count_its_events_as_dropped() throws Exception {
        StubUpstream upstream = opened(new StubUpstream());
        upstream.otherwise(req -> SECRET_A.equals(req.key())
                ? Answer.json(429, RATE_LIMITED).withHeader("Retry-After", "1") : Answer.ok());
        HangingServer hook = opened(new HangingServer());
        Path routes = routesWithExamples(Map.of(
                "http://127.0.0.1:9000/keyrelay-events", hook.url("/keyrelay-events"),
                "requestTimeout: 5000", "requestTimeout: 120000",
                "- to: direct:key-events-chat", "- to: direct:key-events-file",
                "file:logs", "file:" + dir.resolve("events-out")));
        gw = RunningGateway.start(dir, keyring(upstream.baseUrl()), clock, Map.of(), routes,
                Map.of("keyrelay.events.queue", "2"));
        EventStreamReader stream = stream("?provider=kimi");

        // normal range: requests that cause no key event (key first is disabled meanwhile), after a warm-up
        assertEquals(200, gw.admin("POST", "/admin/providers/kimi/keys/first/disable", null).statusCode());
        for (int i = 0; i < 3; i++) {
            timed();
        }
        List<Long> normal = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            normal.add(timed());
        }
        assertEquals(200, gw.admin("POST", "/admin/providers/kimi/keys/first/enable", null).statusCode());
        Eventually.until(Duration.ofSeconds(10), "the webhook hangs on an event", () -> hook.accepted() > 0);

        // now every request on key first causes events (cooled, rotated, recovered), the webhook still hanging
        List<Long> underHang = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofSeconds(2));
            underHang.add(timed());
        }
        long normalMax = normal.stream().max(Long::compare).orElseThrow();
        long limit = Math.max(1000, 5 * normalMax);
        for (long ms : underHang) {
            assertTrue(ms < limit, "a request took " + ms + " ms while the webhook hung (normal: " + normal
                    + " ms, all under hang: " + underHang + ")");
        }
        Eventually.until(Duration.ofSeconds(10), "events dropped for the routes", () -> dropped("routes") > 0);
        // the stream is another outlet with its own queue: it goes on telling events while the webhook hangs
        Eventually.until(Duration.ofSeconds(10), "rotations on the stream", () -> stream.events().stream()
                .filter(e -> e.path("type").asText().equals("rotated")).count() >= 3);
        System.out.println("Proxied request latency, ms: normal " + normal + ", while the webhook hung " + underHang
                + "; events dropped for the routes: " + dropped("routes"));
    }

    /** One proxied request's latency, in milliseconds. */
    private long timed() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = gw.post("/kimi/v1/chat/completions", CHAT);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode(), r.body());
        return ms;
    }

    private double dropped(String outlet) {
        String scrape;
        try {
            scrape = gw.management("/metrics").body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("no /metrics", e);
        }
        List<PrometheusText.Sample> found = new PrometheusText(scrape).find("keyrelay_events_dropped_total", "outlet",
                outlet);
        assertEquals(1, found.size(), "one keyrelay_events_dropped_total series for " + outlet);
        return found.get(0).value();
    }
}
