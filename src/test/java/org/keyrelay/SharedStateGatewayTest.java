package org.keyrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.CapturedLog;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RedisServer;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;
import redis.clients.jedis.Jedis;

/**
 * Two real gateways (own ports, own state dirs) sharing key state through one real redis-server, in front of one
 * stub upstream: a key one found rate-limited the other leaves alone; round-robin is fair across both; and Redis
 * killed and restarted under load fails no client request, after which sharing works again.
 */
class SharedStateGatewayTest {

    private static final String BODY = "{\"model\":\"m\",\"messages\":[]}";
    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    static Path redisDir;
    private static RedisServer redis;

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.tickingFromNow();
    private final List<AutoCloseable> open = new ArrayList<>();
    private StubUpstream upstream;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(redisDir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void emptyRedis() throws Exception {
        redis.start();
        try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
            j.flushAll();
        }
        upstream = new StubUpstream();
        open.add(upstream);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void should_not_use_on_instance_b_a_key_instance_a_found_rate_limited() throws Exception {
        upstream.otherwise(r -> "key-a".equals(r.key())
                ? Answer.rateLimited(3600) : Answer.ok());
        RunningGateway a = gateway("a", 3);
        RunningGateway b = gateway("b", 3);

        HttpResponse<String> first = a.post("/p/v1/chat/completions", BODY);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("2", first.headers().firstValue("X-Keyrelay-Attempts").orElseThrow(),
                "the first turn was key a's: rate-limited, rotated to b");
        // sharing is eventual (one pub/sub hop): b is asked only once it has heard of the cooldown
        Eventually.until(SOON, "b hears that key a is cooling",
                () -> !b.gateway().providers().get("p").pool().readiness().get("a").usable());

        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = b.post("/p/v1/chat/completions", BODY);
            assertEquals(200, r.statusCode(), r.body());
            assertNotEquals("a", r.headers().firstValue("X-Keyrelay-Key").orElseThrow(), "request " + i + " on b");
        }
        assertEquals(1, count(upstream, "key-a"), "the upstream saw key a once: a's request, never b's");
    }

    @Test
    void should_go_round_the_keys_fairly_with_requests_alternating_between_instances() throws Exception {
        RunningGateway a = gateway("a", 3);
        RunningGateway b = gateway("b", 3);
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> r = (i % 2 == 0 ? a : b).post("/p/v1/chat/completions", BODY);
            assertEquals(200, r.statusCode(), r.body());
        }
        Map<String, Long> byKey = upstream.received().stream()
                .collect(Collectors.groupingBy(StubUpstream.Received::key, Collectors.counting()));
        long min = byKey.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = byKey.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertEquals(3, byKey.size(), byKey.toString());
        assertTrue(max - min <= 1, "each key within one request of the others: " + byKey);
        assertEquals("abcabcabcabcabcabcabcabcabcabc", upstream.keySequence());
    }

    @Test
    void should_serve_every_request_while_redis_is_killed_and_restarted_and_share_again_after() throws Exception {
        AtomicBoolean cOut = new AtomicBoolean();
        upstream.otherwise(r -> cOut.get() && "key-c".equals(r.key())
                ? Answer.rateLimited(3600) : Answer.ok());
        RunningGateway a;
        RunningGateway b;
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger served = new AtomicInteger();
        try (CapturedLog log = new CapturedLog()) {
            a = gateway("a", 3);
            b = gateway("b", 3);
            AtomicBoolean loading = new AtomicBoolean(true);
            List<Thread> load = new ArrayList<>();
            for (RunningGateway g : List.of(a, b)) {
                Thread t = new Thread(() -> {
                    for (int i = 0; i < 5000 && loading.get(); i++) {
                        try {
                            HttpResponse<String> r = g.post("/p/v1/chat/completions", BODY);
                            if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                            served.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }, "load-" + g.url(""));
                t.setDaemon(true);
                load.add(t);
            }
            try {
                load.forEach(Thread::start);
                Thread.sleep(300);
                redis.kill();
                Eventually.until(SOON, "both gateways notice Redis is gone", () -> !reachable(a) && !reachable(b));
                int before = served.get();
                Thread.sleep(700);
                assertTrue(served.get() > before, "requests go on while Redis is down");
                redis.start();
                Eventually.until(SOON, "both gateways are back on Redis", () -> reachable(a) && reachable(b));
                Thread.sleep(200);
            } finally {
                loading.set(false);
                for (Thread t : load) {
                    t.join(20_000);
                }
            }
            System.out.println(served.get() + " requests served through Redis killed and restarted");
            assertEquals(List.of(), failures, "no client request failed (" + served.get() + " served)");
            String text = log.text();
            assertEquals(2, occurrences(text, "unreachable ("), "each gateway says once that Redis is gone:\n" + text);
            assertEquals(2, occurrences(text, "is back;"), "and once that it is back");
        }
        assertTrue(a.gateway().stateStoreStatus().errors() > 0, "the outage is counted");

        cOut.set(true);
        int cBefore = count(upstream, "key-c");
        for (int i = 0; i < 3 && count(upstream, "key-c") == cBefore; i++) {
            assertEquals(200, a.post("/p/v1/chat/completions", BODY).statusCode());
        }
        assertEquals(cBefore + 1, count(upstream, "key-c"), "a met key c rate-limited");
        // sharing is eventual (one pub/sub hop): b is asked only once it has heard of the cooldown
        Eventually.until(SOON, "b hears that key c is cooling",
                () -> !b.gateway().providers().get("p").pool().readiness().get("c").usable());
        for (int i = 0; i < 9; i++) {
            HttpResponse<String> r = b.post("/p/v1/chat/completions", BODY);
            assertEquals(200, r.statusCode(), r.body());
            assertNotEquals("c", r.headers().firstValue("X-Keyrelay-Key").orElseThrow(), "request " + i + " on b");
        }
        assertEquals(cBefore + 1, count(upstream, "key-c"), "b left key c alone after Redis came back");
    }

    private RunningGateway gateway(String name, int keys) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        RunningGateway g = RunningGateway.start(home, Keyrings.provider(upstream.baseUrl(), keys, "strategy: round-robin"),
                clock, Map.of("KEYRELAY_STATE", redis.url()));
        open.add(g);
        Eventually.until(SOON, "gateway " + name + " shares through Redis", () -> reachable(g));
        return g;
    }

    private static boolean reachable(RunningGateway g) {
        return g.gateway().stateStoreStatus().reachable();
    }

    private static int count(StubUpstream upstream, String key) {
        return (int) upstream.received().stream().filter(r -> key.equals(r.key())).count();
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
