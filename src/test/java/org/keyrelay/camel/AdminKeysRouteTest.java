package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.CapturedLog;
import org.keyrelay.support.JsonBody;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/** The admin API's endpoints: what each shows and changes, its errors, and what survives a restart. */
class AdminKeysRouteTest {

    private static final String NEW_SECRET = "sk-added-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void should_list_providers_and_keys_masked_with_state_and_health() throws Exception {
        MutableClock clock = MutableClock.tickingFromNow();
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2, "strategy: fill-first"), clock)) {
            upstream.script("key-a", Answer.rateLimited(600));
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());

            JsonNode providers = JsonBody.of(gw.admin("GET", "/admin/providers", null)).get("providers");
            assertEquals(1, providers.size());
            JsonNode p = providers.get(0);
            assertEquals("p", p.get("id").asText());
            assertEquals(upstream.baseUrl(), p.get("upstream").asText());
            assertEquals("bearer", p.get("auth").asText());
            assertEquals("fill-first", p.get("strategy").asText());
            assertEquals(1, p.at("/states/active").asInt());
            assertEquals(1, p.at("/states/cooling").asInt());
            assertEquals(1, p.get("usableNow").asInt());

            HttpResponse<String> keys = gw.admin("GET", "/admin/providers/p/keys", null);
            assertFalse(keys.body().contains("key-a"), "no secret in the listing: " + keys.body());
            JsonNode a = JsonBody.of(keys).get("keys").get(0);
            assertEquals("a", a.get("id").asText());
            assertEquals("…-a", a.get("secret").asText());
            assertEquals("cooling", a.get("state").asText());
            assertEquals(85, a.get("health").asInt());
            assertEquals("rate_limited", a.get("cause").asText());
            assertTrue(a.get("until").asText().startsWith("20"), "cooldown end as ISO-8601");
            assertEquals(1, a.get("requests").asInt());
            assertEquals(1, a.at("/failures/rate_limited").asInt());
            assertEquals("keyring", a.get("source").asText());

            JsonNode stats = JsonBody.of(gw.admin("GET", "/admin/stats", null));
            assertEquals(2, stats.at("/totals/requests").asInt());
            assertEquals(1, stats.at("/totals/successes").asInt());
            assertEquals(1, stats.at("/providers/0/keys/1/successes").asInt());
        }
    }

    @Test
    void should_add_a_key_that_serves_requests_and_survives_a_restart() throws Exception {
        MutableClock clock = MutableClock.tickingFromNow();
        try (StubUpstream upstream = new StubUpstream()) {
            String keyring = Keyrings.provider(upstream.baseUrl(), 1, "strategy: round-robin");
            try (RunningGateway gw = RunningGateway.start(dir, keyring, clock); CapturedLog log = new CapturedLog()) {
                HttpResponse<String> added = gw.admin("POST", "/admin/providers/p/keys",
                        "{\"secret\":\"" + NEW_SECRET + "\",\"weight\":3}");
                assertEquals(201, added.statusCode(), added.body());
                assertFalse(added.body().contains(NEW_SECRET));
                assertEquals("key-2", JsonBody.of(added).at("/key/id").asText(), "default id: the next free key-N");
                assertEquals("sk-ad…cdef", JsonBody.of(added).at("/key/secret").asText());
                assertEquals(3, JsonBody.of(added).at("/key/weight").asInt());
                assertEquals(201, gw.admin("POST", "/admin/providers/p/keys", "{\"id\":\"spare\",\"secret\":\"sk-spare-99999999999\"}").statusCode());

                gw.post("/p/v1/chat/completions", "{}");
                gw.post("/p/v1/chat/completions", "{}");
                assertTrue(upstream.received().stream().anyMatch(r -> NEW_SECRET.equals(r.key())), "the added key is used");
                assertEquals(200, gw.admin("DELETE", "/admin/providers/p/keys/spare", null).statusCode());
                assertTrue(log.text().contains("Operator: key p/key-2 (sk-ad…cdef) added"), log.text());
                assertFalse(log.text().contains(NEW_SECRET) || log.text().contains("sk-spare-99999999999"),
                        "no secret in the log");
            }
            Path keysFile = dir.resolve("state/keys.json");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keysFile)));
            try (RunningGateway gw = RunningGateway.start(dir, keyring, clock)) {
                JsonNode keys = JsonBody.of(gw.admin("GET", "/admin/providers/p/keys", null)).get("keys");
                assertEquals(2, keys.size(), "the added key is back, the removed one is not: " + keys);
                assertEquals("key-2", keys.get(1).get("id").asText());
                assertEquals("added", keys.get(1).get("source").asText());
                assertTrue(keys.get(1).get("requests").asInt() >= 1, "and so is its state");
            }
        }
    }

    @Test
    void should_refuse_to_remove_a_keyring_key_with_409_saying_what_to_do() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 2), MutableClock.tickingFromNow())) {
            HttpResponse<String> r = gw.admin("DELETE", "/admin/providers/p/keys/a", null);
            assertEquals(409, r.statusCode());
            String message = JsonBody.of(r).at("/error/message").asText();
            assertTrue(message.contains("keyring") && message.contains("keyrelay keys disable p a"), message);
            assertEquals(2, gw.gateway().provider("p").orElseThrow().pool().size());
        }
    }

    @Test
    void should_enable_disable_reset_use_and_rotate_keys() throws Exception {
        MutableClock clock = MutableClock.tickingFromNow();
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 3, "strategy: fill-first"), clock)) {
            assertEquals("disabled", JsonBody.of(gw.admin("POST", "/admin/providers/p/keys/a/disable", null)).at("/key/state").asText());
            gw.post("/p/v1/chat/completions", "{}");
            assertEquals("active", JsonBody.of(gw.admin("POST", "/admin/providers/p/keys/a/enable", null)).at("/key/state").asText());
            gw.post("/p/v1/chat/completions", "{}");

            assertEquals("c", JsonBody.of(gw.admin("POST", "/admin/providers/p/keys/c/use", null)).at("/key/id").asText());
            gw.post("/p/v1/chat/completions", "{}");
            String next = JsonBody.of(gw.admin("POST", "/admin/providers/p/rotate", null)).at("/key/id").asText();
            assertEquals("a", next, "rotate moves on from c to the next usable key");
            gw.post("/p/v1/chat/completions", "{}");
            assertEquals("baca", upstream.keySequence());

            upstream.script("key-a", Answer.rateLimited(600));
            gw.post("/p/v1/chat/completions", "{}");
            JsonNode reset = JsonBody.of(gw.admin("POST", "/admin/providers/p/keys/a/reset", null)).get("key");
            assertEquals("active", reset.get("state").asText());
            assertEquals(100, reset.get("health").asInt());
        }
    }

    @Test
    void should_change_the_strategy_and_keep_it_across_a_restart() throws Exception {
        MutableClock clock = MutableClock.tickingFromNow();
        String keyring = Keyrings.provider("http://127.0.0.1:9", 2, "strategy: health-based");
        try (RunningGateway gw = RunningGateway.start(dir, keyring, clock)) {
            HttpResponse<String> r = gw.admin("PUT", "/admin/providers/p/strategy", "{\"strategy\":\"round-robin\"}");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("round-robin", JsonBody.of(r).at("/provider/strategy").asText());
        }
        try (RunningGateway gw = RunningGateway.start(dir, keyring, clock)) {
            assertEquals("round-robin", gw.gateway().provider("p").orElseThrow().pool().strategy().configName());
        }
        try (RunningGateway gw = RunningGateway.start(dir, keyring.replace("health-based", "sticky"), clock)) {
            assertEquals("sticky", gw.gateway().provider("p").orElseThrow().pool().strategy().configName(),
                    "a keyring edited after the choice wins");
        }
    }

    @Test
    void should_answer_404_naming_the_known_providers_and_keys() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 2), MutableClock.tickingFromNow())) {
            HttpResponse<String> provider = gw.admin("GET", "/admin/providers/nope/keys", null);
            assertEquals(404, provider.statusCode());
            assertEquals("unknown_provider", JsonBody.of(provider).at("/error/type").asText());
            assertEquals("p", JsonBody.of(provider).at("/error/known_providers/0").asText());
            assertTrue(JsonBody.of(provider).at("/error/message").asText().contains("Known providers: p"));

            HttpResponse<String> key = gw.admin("POST", "/admin/providers/p/keys/zz/disable", null);
            assertEquals(404, key.statusCode());
            assertEquals("unknown_key", JsonBody.of(key).at("/error/type").asText());
            assertTrue(JsonBody.of(key).at("/error/message").asText().contains("Its keys: a, b"), key.body());
        }
    }

    @Test
    void should_answer_400_naming_the_field_and_the_bad_value_but_never_a_secret() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 1), MutableClock.tickingFromNow())) {
            HttpResponse<String> malformed = gw.admin("POST", "/admin/providers/p/keys", "{\"secret\":\"sk-in-broken-json-1234\"");
            assertEquals(400, malformed.statusCode());
            assertEquals("body", JsonBody.of(malformed).at("/error/field").asText());
            assertFalse(malformed.body().contains("sk-in-broken-json"), malformed.body());

            HttpResponse<String> weight = gw.admin("POST", "/admin/providers/p/keys", "{\"secret\":\"sk-x-123456789012\",\"weight\":\"heavy\"}");
            assertEquals(400, weight.statusCode());
            assertEquals("weight", JsonBody.of(weight).at("/error/field").asText());
            assertEquals("heavy", JsonBody.of(weight).at("/error/value").asText());

            HttpResponse<String> strategy = gw.admin("PUT", "/admin/providers/p/strategy", "{\"strategy\":\"fastest\"}");
            assertEquals(400, strategy.statusCode());
            assertTrue(JsonBody.of(strategy).at("/error/message").asText().contains("'fastest' is not one of round-robin"), strategy.body());

            HttpResponse<String> spaced = gw.admin("POST", "/admin/providers/p/keys", "{\"secret\":\"sk-two words-123456\"}");
            assertEquals(400, spaced.statusCode());
            assertEquals("secret", JsonBody.of(spaced).at("/error/field").asText());
            assertFalse(spaced.body().contains("words"), "the bad secret is described, not echoed: " + spaced.body());

            HttpResponse<String> twice = gw.admin("POST", "/admin/providers/p/keys", "{\"secret\":\"key-a\"}");
            assertEquals(409, twice.statusCode(), "the same secret twice");
            assertEquals(1, gw.gateway().provider("p").orElseThrow().pool().size());
        }
    }

    @Test
    void should_export_and_import_through_the_api() throws Exception {
        MutableClock clock = MutableClock.tickingFromNow();
        byte[] file;
        Files.createDirectories(dir.resolve("one"));
        try (RunningGateway gw = RunningGateway.start(dir.resolve("one"), Keyrings.provider("http://127.0.0.1:9", 2), clock)) {
            HttpResponse<byte[]> r = gw.client().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.adminUrl("/admin/export")))
                    .header("Authorization", "Bearer " + gw.adminToken()).timeout(Duration.ofSeconds(20))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"password\":\"pw-1\"}")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            file = r.body();
        }
        Files.createDirectories(dir.resolve("two"));
        try (RunningGateway gw = RunningGateway.start(dir.resolve("two"), Keyrings.provider("http://127.0.0.1:9", 1), clock)) {
            String body = "{\"password\":\"%s\",\"file\":\"" + java.util.Base64.getEncoder().encodeToString(file) + "\"}";
            HttpResponse<String> wrong = gw.admin("POST", "/admin/import", body.formatted("pw-2"));
            assertEquals(400, wrong.statusCode());
            assertTrue(JsonBody.of(wrong).at("/error/message").asText().contains("wrong password or damaged file"));
            HttpResponse<String> ok = gw.admin("POST", "/admin/import", body.formatted("pw-1"));
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("p/b", JsonBody.of(ok).at("/added/0").asText());
            assertTrue(JsonBody.of(ok).at("/skipped/0").asText().startsWith("p/a: already present"));
            assertEquals(2, gw.gateway().provider("p").orElseThrow().pool().size());
        }
    }

    @Test
    void should_answer_404_json_naming_the_key_actions_for_an_unknown_one() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 1), MutableClock.tickingFromNow())) {
            for (String action : new String[] {"promote", "remove", "rotate"}) {
                HttpResponse<String> r = gw.admin("POST", "/admin/providers/p/keys/key-1/" + action, null);
                assertEquals(404, r.statusCode(), action);
                assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
                assertEquals("unknown_action", JsonBody.of(r).at("/error/type").asText(), action);
                assertEquals("No key action '" + action + "'. Key actions: enable, disable, reset, use.",
                        JsonBody.of(r).at("/error/message").asText());
            }
            assertEquals(1, gw.gateway().provider("p").orElseThrow().pool().size(), "POST .../remove removes nothing");
        }
    }
}
