package org.keyrelay.camel.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;

/**
 * The console's login: none on a loopback management host; otherwise (here forced on loopback with
 * keyrelay.console.login-on-loopback) user admin with the admin token as password, at the Jolokia level and through
 * the console's login form.
 */
class ConsoleLoginRouteTest {

    private static final String VERSION = "/hawtio/jolokia/version";

    @TempDir
    Path dir;

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_open_without_a_login_on_loopback() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 1), MutableClock.tickingFromNow())) {
            HttpResponse<String> r = gw.management(VERSION);

            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\"agent\":\"2."), r.body());
            assertEquals(200, gw.management("/hawtio/").statusCode());
        }
    }

    @Test
    void should_require_user_admin_with_the_admin_token_when_the_login_is_on() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 1), MutableClock.tickingFromNow(),
                Map.of(), null, Map.of("keyrelay.console.login-on-loopback", "true"))) {
            String token = gw.adminToken();

            assertEquals(403, gw.management(VERSION).statusCode(), "no credentials");
            assertEquals(403, gw.adminAs(basic("admin", "wrong"), "GET", VERSION, null).statusCode(), "a wrong token");
            assertEquals(403, gw.adminAs(basic("root", token), "GET", VERSION, null).statusCode(), "another user");
            HttpResponse<String> ok = gw.adminAs(basic("admin", token), "GET", VERSION, null);
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("\"agent\":\"2."), ok.body());
            assertEquals(200, gw.management("/metrics").statusCode(), "monitoring needs no login");
            assertEquals(200, gw.management("/health").statusCode());
        }
    }

    @Test
    void should_let_the_console_log_in_with_the_admin_token_and_keep_the_session() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 1), MutableClock.tickingFromNow(),
                Map.of(), null, Map.of("keyrelay.console.login-on-loopback", "true"))) {
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            HttpResponse<String> page = browser.send(get(gw, "/hawtio/camel/routes"), HttpResponse.BodyHandlers.ofString());
            assertEquals(302, page.statusCode(), "a console page sends a stranger to the login page");
            assertTrue(page.headers().firstValue("Location").orElseThrow().endsWith("/hawtio/login"));

            HttpResponse<String> wrong = browser.send(login(gw, "admin", "nope"), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, wrong.statusCode());
            HttpResponse<String> in = browser.send(login(gw, "admin", gw.adminToken()), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, in.statusCode(), in.body());

            assertEquals(200, browser.send(get(gw, VERSION), HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "Jolokia with the session, no credentials sent again");
        }
    }

    @Test
    void should_ask_for_the_login_whenever_the_management_host_is_not_loopback() {
        assertTrue(ConsoleBeans.needsLogin(settings("0.0.0.0"), false));
        assertTrue(ConsoleBeans.needsLogin(settings("192.0.2.10"), false));
        assertEquals(false, ConsoleBeans.needsLogin(settings("127.0.0.1"), false));
        assertTrue(ConsoleBeans.needsLogin(settings("127.0.0.1"), true));
    }

    private static GatewaySettings settings(String managementHost) {
        return GatewaySettings.parse(new String[] {"--management-host", managementHost}, Map.of());
    }

    private static HttpRequest get(RunningGateway gw, String path) {
        return HttpRequest.newBuilder(URI.create(gw.adminUrl(path))).timeout(Duration.ofSeconds(20)).GET().build();
    }

    private static HttpRequest login(RunningGateway gw, String user, String password) {
        String json = "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
        return HttpRequest.newBuilder(URI.create(gw.adminUrl("/hawtio/auth/login"))).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
