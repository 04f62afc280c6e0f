package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.pool.Readiness;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.StubUpstream.Answer;

/** Usage polls against a loopback fake provider: a key its usage answer says is spent stays out; a failing poll changes nothing. */
class UsagePollRouteTest {

    private static final String CHAT = "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    private static String fixture(String name) throws IOException {
        try (InputStream in = UsagePollRouteTest.class.getResourceAsStream("/fixtures/usage-endpoints/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void should_keep_a_key_out_whose_kimi_usage_is_at_99_percent() throws Exception {
        String spent = fixture("kimi-usages-99-percent.json");
        String fresh = fixture("kimi-usages-10-percent.json");
        fx.upstream().otherwise(r -> r.path().equals("/coding/v1/usages")
                ? Answer.json(200, "key-a".equals(r.key()) ? spent : fresh) : Answer.ok());
        fx.start(Keyrings.provider(fx.upstream().baseUrl() + "/coding/v1", 2, "strategy: fill-first",
                "usage: {preset: kimi, every: 1m}"));

        await(() -> fx.pool().readiness().get("a").why() == Readiness.Why.SPENT, "key a spent by its poll");
        HttpResponse<String> r = fx.gw().post("/p/chat/completions", CHAT);

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("b", r.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        assertEquals("1", r.headers().firstValue("X-Keyrelay-Attempts").orElseThrow());
        assertEquals(Readiness.Why.READY, fx.pool().readiness().get("b").why());
        assertTrue(fx.upstream().received().stream().allMatch(q -> q.path().equals("/coding/v1/usages") || "key-b".equals(q.key())),
                "no request went to key a");
    }

    @Test
    void should_change_nothing_when_the_poll_answers_garbage_or_an_error() throws Exception {
        fx.upstream().otherwise(r -> r.path().equals("/coding/v1/usages")
                ? ("key-a".equals(r.key()) ? new Answer(200, Map.of("Content-Type", "text/html"),
                        java.util.List.of("<html>maintenance</html>"), Duration.ZERO)
                        : Answer.json(401, "{\"error\":{\"message\":\"Invalid Authentication\"}}"))
                : Answer.ok());
        fx.start(Keyrings.provider(fx.upstream().baseUrl() + "/coding/v1", 2, "strategy: fill-first",
                "usage: {preset: kimi, every: 1m}"));

        await(() -> fx.gw().gateway().usagePolls().failures().getOrDefault("p", 0L) >= 2, "both polls failed");
        assertEquals(Readiness.Why.READY, fx.pool().readiness().get("a").why());
        assertEquals(Readiness.Why.READY, fx.pool().readiness().get("b").why(), "a 401 of a poll does not cool the key");
        HttpResponse<String> r = fx.gw().post("/p/chat/completions", CHAT);
        assertEquals("a", r.headers().firstValue("X-Keyrelay-Key").orElseThrow());
        assertEquals("1", r.headers().firstValue("X-Keyrelay-Attempts").orElseThrow());
    }

    @Test
    void should_change_nothing_when_the_poll_hangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer hanging = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hanging.setExecutor(Executors.newCachedThreadPool());
        hanging.createContext("/", exchange -> {
            try {
                if (exchange.getRequestURI().getPath().equals("/api/usage")) {
                    release.await(30, TimeUnit.SECONDS);
                }
                byte[] ok = "{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"done\":true}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        hanging.start();
        try {
            fx.start(Keyrings.provider("http://127.0.0.1:" + hanging.getAddress().getPort(), 1,
                    "usage: {preset: ollama, every: 1m}"));
            await(() -> fx.gw().gateway().usagePolls().polls() >= 1, "the poll was sent");

            HttpResponse<String> r = fx.gw().post("/p/api/chat", CHAT);

            assertEquals(200, r.statusCode(), "a hanging poll does not hold up requests: " + r.body());
            assertEquals(Readiness.Why.READY, fx.pool().readiness().get("a").why());
        } finally {
            release.countDown();
            hanging.stop(0);
        }
    }
}
