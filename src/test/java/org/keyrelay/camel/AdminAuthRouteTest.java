package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;

/** Every admin call needs the admin token: made once, kept private, reused, or taken from KEYRELAY_ADMIN_TOKEN. */
class AdminAuthRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String[]> CALLS = List.of(
            new String[] {"GET", "/admin/providers", null},
            new String[] {"GET", "/admin/providers/p/keys", null},
            new String[] {"POST", "/admin/providers/p/keys", "{\"secret\":\"sk-sneaky-0000000000\"}"},
            new String[] {"DELETE", "/admin/providers/p/keys/a", null},
            new String[] {"POST", "/admin/providers/p/keys/a/enable", null},
            new String[] {"POST", "/admin/providers/p/keys/a/disable", null},
            new String[] {"POST", "/admin/providers/p/keys/a/reset", null},
            new String[] {"POST", "/admin/providers/p/keys/a/use", null},
            new String[] {"POST", "/admin/providers/p/rotate", null},
            new String[] {"PUT", "/admin/providers/p/strategy", "{\"strategy\":\"sticky\"}"},
            new String[] {"GET", "/admin/stats", null},
            new String[] {"POST", "/admin/export", "{\"password\":\"x\"}"},
            new String[] {"POST", "/admin/import", "{\"password\":\"x\",\"file\":\"\"}"});

    @TempDir
    Path dir;

    @Test
    void should_answer_401_json_on_every_endpoint_without_or_with_a_wrong_token() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 2), MutableClock.tickingFromNow())) {
            for (String[] call : CALLS) {
                for (String authorization : new String[] {null, "Bearer wrong-token", "Basic " + gw.adminToken()}) {
                    HttpResponse<String> r = gw.adminAs(authorization, call[0], call[1], call[2]);
                    String what = call[0] + " " + call[1] + " with " + authorization;
                    assertEquals(401, r.statusCode(), what);
                    assertEquals("unauthorized", JSON.readTree(r.body()).at("/error/type").asText(), what);
                    assertEquals("Bearer realm=\"keyrelay-admin\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
                    assertFalse(r.body().contains(gw.adminToken()), what);
                }
            }
            assertEquals(2, gw.gateway().provider("p").orElseThrow().pool().size(), "nothing was added or removed");
            assertEquals("round-robin", gw.gateway().provider("p").orElseThrow().pool().strategy().configName());
        }
    }

    @Test
    void should_make_a_private_token_file_once_and_reuse_it() throws Exception {
        String first;
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 1), MutableClock.tickingFromNow())) {
            first = gw.adminToken();
            Path file = gw.stateDir().resolve("admin-token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertTrue(first.length() >= 40, "32 random bytes, base64url");
            HttpResponse<String> ok = gw.admin("GET", "/admin/providers", null);
            assertEquals(200, ok.statusCode());
            assertNull(ok.headers().firstValue("Authorization").orElse(null), "the token is never echoed");
        }
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 1), MutableClock.tickingFromNow())) {
            assertEquals(first, gw.adminToken());
            assertEquals(200, gw.admin("GET", "/admin/providers", null).statusCode());
        }
    }

    @Test
    void should_take_the_token_from_KEYRELAY_ADMIN_TOKEN() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 1),
                MutableClock.tickingFromNow(), Map.of("KEYRELAY_ADMIN_TOKEN", "tok-from-env-123"))) {
            assertEquals(200, gw.adminAs("Bearer tok-from-env-123", "GET", "/admin/stats", null).statusCode());
            assertFalse(Files.exists(gw.stateDir().resolve("admin-token")), "no file when the environment names the token");
            assertEquals(401, gw.adminAs("Bearer tok-from-env-12", "GET", "/admin/stats", null).statusCode());
        }
    }
}
