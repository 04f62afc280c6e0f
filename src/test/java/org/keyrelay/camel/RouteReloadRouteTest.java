package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyState;
import org.keyrelay.support.CapturedLog;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/** Editing a route file reloads the routes and keeps the pools; a broken edit is refused and the routes keep running. */
class RouteReloadRouteTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private Path copyRoutes() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("routes"), "*.camel.yaml")) {
            for (Path f : files) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        return routes;
    }

    /** The routes are back: ingress among them, and every one started (added is not yet listening). */
    private static boolean routesRunning(RunningGateway gw) {
        org.apache.camel.CamelContext camel = gw.main().getCamelContext();
        return camel.getRoute("ingress") != null && camel.getRoute("attempt") != null && camel.getRoutes().stream()
                .allMatch(r -> camel.getRouteController().getRouteStatus(r.getRouteId()) == org.apache.camel.ServiceStatus.Started);
    }

    private static int answers(RunningGateway gw) {
        try {
            return gw.post("/p/v1/chat/completions", "{}").statusCode();
        } catch (java.io.IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String description(RunningGateway gw, String routeId) {
        Route route = gw.main().getCamelContext().getRoute(routeId);
        return route == null ? null : route.getDescription();
    }

    @Test
    void should_reload_an_edited_route_keeping_the_pool_state() throws Exception {
        Path routes = copyRoutes();
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2), MutableClock.tickingFromNow(),
                     Map.of(), routes)) {
            upstream.script("key-a", Answer.rateLimited(600));
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
            KeyPool pool = gw.gateway().provider("p").orElseThrow().pool();

            Path gateway = routes.resolve("gateway.camel.yaml");
            Files.writeString(gateway, Files.readString(gateway).replace(
                    "One try on one key; its failures go back to the ingress route's error handling", "Edited while running"));

            Eventually.until(WAIT, "the edited route", () -> "Edited while running".equals(description(gw, "attempt")));
            assertEquals(KeyState.COOLING, pool.memories().get(0).state(), "the pool keeps its state");
            assertTrue(gw.gateway().provider("p").orElseThrow().pool() == pool);
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
            assertEquals("abb", upstream.keySequence(), "the cooled key stays out after the reload");
            assertEquals(200, gw.admin("GET", "/admin/providers", null).statusCode(), "the admin routes are back too");
        }
    }

    @Test
    void should_refuse_a_broken_route_file_and_keep_serving() throws Exception {
        Path routes = copyRoutes();
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 1), MutableClock.tickingFromNow(),
                     Map.of(), routes);
             CapturedLog log = new CapturedLog()) {
            Path gateway = routes.resolve("gateway.camel.yaml");
            String good = Files.readString(gateway);
            Files.writeString(gateway, good.replace("        - process:\n            id: select-key",
                    "        - proces:\n            id: select-key"));

            Eventually.until(WAIT, "the refusal", () -> log.text().contains("Route change refused"));
            assertTrue(log.text().contains("gateway.camel.yaml"), log.text());
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode(), "the running routes stay");

            Files.writeString(gateway, good.replace("ref: keySelection", "ref: noSuchBean"));
            Eventually.until(WAIT, "the start failure", () -> log.text().contains("cannot be started"));
            Eventually.until(WAIT, "the restored routes", () -> routesRunning(gw));
            // the routes report started as they are added back one by one: the gateway serves once all are in
            Eventually.until(WAIT, "the previous routes serving again",
                    () -> answers(gw) == 200);

            Files.writeString(gateway, good.replace("One try on one key; its failures go back to the ingress route's error handling", "Fixed"));
            Eventually.until(WAIT, "the fixed route", () -> "Fixed".equals(description(gw, "attempt")));
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
        }
    }
}
