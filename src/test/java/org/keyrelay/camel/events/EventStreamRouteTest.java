package org.keyrelay.camel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.EventStreamReader;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;

/** GET /admin/events: behind the admin token, the last events kept for a client that connects late. */
class EventStreamRouteTest {

    private static final String KEYRING = """
            providers:
              - id: kimi
                upstream: http://127.0.0.1:9
                keys:
                  - {id: main, secret: sk-test-stream-main-4c1d}
              - id: openai
                upstream: http://127.0.0.1:9
                keys:
                  - {id: work, secret: sk-test-stream-work-9e2f}
            """;

    @TempDir
    Path dir;

    private static List<String> story(EventStreamReader reader) {
        return reader.events().stream().map(e -> e.path("provider").asText() + "/" + e.path("key").asText("") + " "
                + e.path("type").asText()).toList();
    }

    @Test
    void should_answer_401_without_the_admin_token_and_replay_kept_events_to_a_late_client() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, KEYRING, MutableClock.tickingFromNow())) {
            HttpResponse<String> anonymous = gw.management("/admin/events");
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.body().contains("\"unauthorized\""), anonymous.body());
            assertEquals(401, gw.adminAs("Bearer wrong", "GET", "/admin/events", null).statusCode());
            assertEquals(405, gw.admin("POST", "/admin/events", "{}").statusCode());

            gw.admin("POST", "/admin/providers/kimi/keys/main/disable", null);
            gw.admin("POST", "/admin/providers/openai/keys/work/disable", null);
            gw.admin("POST", "/admin/providers/kimi/keys/main/enable", null);

            try (EventStreamReader late = EventStreamReader.open(gw.client(), gw.adminUrl("/admin/events"),
                    "Bearer " + gw.adminToken())) {
                List<String> expected = List.of("kimi/main disabled", "kimi/ pool_exhausted", "openai/work disabled",
                        "openai/ pool_exhausted", "kimi/main enabled", "kimi/ pool_usable");
                Eventually.until(Duration.ofSeconds(10), "the kept events", () -> story(late).equals(expected));
            }
            try (EventStreamReader kimi = EventStreamReader.open(gw.client(), gw.adminUrl("/admin/events?provider=kimi"),
                    "Bearer " + gw.adminToken())) {
                Eventually.until(Duration.ofSeconds(10), "kimi's kept events", () -> story(kimi).size() == 4);
                assertTrue(story(kimi).stream().allMatch(s -> s.startsWith("kimi/")), story(kimi).toString());
            }

            // a client that reconnects with the last id it saw gets only what came after
            HttpRequest again = HttpRequest.newBuilder(URI.create(gw.adminUrl("/admin/events")))
                    .header("Authorization", "Bearer " + gw.adminToken()).header("Last-Event-ID", "5").build();
            HttpResponse<java.util.stream.Stream<String>> r = gw.client().send(again,
                    HttpResponse.BodyHandlers.ofLines());
            try (java.util.stream.Stream<String> lines = r.body()) {
                String first = lines.filter(l -> l.startsWith("id: ")).findFirst().orElseThrow();
                assertEquals("id: 6", first);
            }
        }
    }
}
