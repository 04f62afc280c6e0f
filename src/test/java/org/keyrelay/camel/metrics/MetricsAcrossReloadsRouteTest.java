package org.keyrelay.camel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.PrometheusText;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;

/**
 * The keyrelay meters live in Java beans: a route reload keeps their counts, and a keyring reload keeps the meters of
 * the pools that stay while providers and keys that come or go get or lose theirs.
 */
class MetricsAcrossReloadsRouteTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private static PrometheusText scrape(RunningGateway gw) throws Exception {
        return new PrometheusText(gw.management("/metrics").body());
    }

    private static PrometheusText scrapeQuietly(RunningGateway gw) {
        try {
            return scrape(gw);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double successes(RunningGateway gw, String key) throws Exception {
        return scrape(gw).value("keyrelay_requests_total", "provider", "p", "key", key, "outcome", "success");
    }

    @Test
    void should_keep_the_counts_across_a_route_reload() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("routes"), "*.camel.yaml")) {
            for (Path f : files) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 1),
                     MutableClock.tickingFromNow(), Map.of(), routes)) {
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
            assertEquals(2, successes(gw, "a"));

            Path monitoring = routes.resolve("monitoring.camel.yaml");
            Files.writeString(monitoring, Files.readString(monitoring).replace(
                    "Prometheus scrape of the keyrelay meters and Camel's route metrics", "Edited while running"));
            Eventually.until(WAIT, "the edited routes, all started", () -> {
                CamelContext camel = gw.main().getCamelContext();
                Route route = camel.getRoute("metrics");
                return route != null && "Edited while running".equals(route.getDescription()) && camel.getRoute("ingress") != null
                        && camel.getRoutes().stream().allMatch(r ->
                                camel.getRouteController().getRouteStatus(r.getRouteId()) == ServiceStatus.Started);
            });

            assertEquals(2, successes(gw, "a"), "the count survives the reload");
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
            assertEquals(3, successes(gw, "a"));
        }
    }

    @Test
    void should_bind_meters_for_providers_and_keys_a_keyring_reload_adds_and_drop_those_it_removes() throws Exception {
        try (StubUpstream upstream = new StubUpstream();
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 2, "strategy: fill-first"),
                     MutableClock.tickingFromNow())) {
            assertEquals(200, gw.post("/p/v1/chat/completions", "{}").statusCode());
            assertEquals(1, successes(gw, "a"));

            edit(Keyrings.provider(upstream.baseUrl(), 1, "strategy: fill-first")
                    + "  - id: q\n    upstream: " + upstream.baseUrl() + "\n    keys: [{id: x, secret: key-x}]\n");
            Eventually.until(WAIT, "provider q's meters", () -> !scrapeQuietly(gw).find("keyrelay_keys_usable", "provider", "q").isEmpty());

            PrometheusText m = scrape(gw);
            assertEquals(1, successes(gw, "a"), "the kept pool keeps its counts");
            assertTrue(m.find("keyrelay_key_state", "provider", "p", "key", "b").isEmpty(), "key b left with its meters");
            assertTrue(m.find("keyrelay_requests_total", "key", "b").isEmpty());
            assertEquals(1, m.value("keyrelay_keys_usable", "provider", "q"));
            assertEquals(1, m.value("keyrelay_key_state", "provider", "q", "key", "x", "state", "active"));
            assertEquals(200, gw.post("/q/v1/chat/completions", "{}").statusCode());
            assertEquals(1, scrape(gw).value("keyrelay_requests_total", "provider", "q", "key", "x", "outcome", "success"));

            edit(Keyrings.provider(upstream.baseUrl(), 1, "strategy: fill-first"));
            Eventually.until(WAIT, "provider q's meters gone", () -> scrapeQuietly(gw).find("keyrelay_keys_usable", "provider", "q").isEmpty());
            m = scrape(gw);
            assertTrue(m.find("keyrelay_keys_usable", "provider", "q").isEmpty(), "q's meters left with it");
            assertTrue(m.find("keyrelay_requests_total", "provider", "q").isEmpty());
            assertEquals(1, m.value("keyrelay_keys_usable", "provider", "p"));
        }
    }

    /** Replaces the keyring the way editors do: a new file renamed over the old one. */
    private void edit(String keyring) throws Exception {
        Path tmp = dir.resolve("keyring.yaml.new");
        Files.writeString(tmp, keyring);
        Files.move(tmp, dir.resolve("keyring.yaml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
