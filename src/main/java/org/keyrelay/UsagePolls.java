package org.keyrelay;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.keyrelay.config.ProviderConfig;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.KeyOp;
import org.keyrelay.usage.Budget;
import org.keyrelay.usage.UsageAnswer;
import org.keyrelay.usage.UsagePoll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active half of usage-aware keys: asks each key of every provider with a {@code usage:} block what is left of
 * it, off the request path, on one thread, one key at a time. A key is first asked within {@link #TICK} of the
 * gateway's start or of the keyring reload that brought it, then never sooner than its provider's {@code every}
 * (jittered by up to a tenth, so a pool's keys spread out). What an answer states becomes a
 * {@link KeyOp.BudgetReported} on the key; a poll that fails (an error status, a timeout, an answer that does not
 * read) is logged (once per key until it answers again) and counted, and changes nothing about the key.
 */
public final class UsagePolls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsagePolls.class);
    static final Duration TICK = Duration.ofSeconds(1);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<Map<String, Provider>> providers;
    private final Clock clock;
    private final Duration timeout;
    private final Map<String, Instant> nextAt = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicLong polls = new AtomicLong();
    private final ScheduledExecutorService thread;
    /** Built on the first poll, on the poll thread: a gateway without usage polls never pays for one (startup). */
    private HttpClient http;

    public UsagePolls(Supplier<Map<String, Provider>> providers, Clock clock, Duration timeout) {
        this.providers = providers;
        this.clock = clock;
        this.timeout = timeout;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keyrelay-usage-polls");
            t.setDaemon(true);
            return t;
        });
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().executor(Runnable::run).connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    /** Starts the rounds (a gateway without any {@code usage:} block only looks once per tick). */
    public UsagePolls start() {
        thread.scheduleWithFixedDelay(this::round, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Polls that failed, by provider id (what {@code keyrelay_usage_poll_failures_total} counts). */
    public Map<String, Long> failures() {
        Map<String, Long> out = new ConcurrentHashMap<>();
        failures.forEach((p, n) -> out.put(p, n.get()));
        return out;
    }

    /** Polls sent, all providers. */
    public long polls() {
        return polls.get();
    }

    /** One round: every key that is due, one after the other. */
    void round() {
        try {
            Set<String> seen = new HashSet<>();
            for (Provider p : providers.get().values()) {
                UsagePoll poll = p.config().usage();
                if (poll == null) {
                    continue;
                }
                for (ApiKey key : p.pool().keys()) {
                    String id = p.id() + '\0' + key.id();
                    seen.add(id);
                    Instant now = clock.instant();
                    Instant due = nextAt.get(id);
                    if (due == null || !now.isBefore(due)) {
                        poll(p, key, poll);
                        nextAt.put(id, clock.instant().plus(jittered(poll.every())));
                    }
                }
            }
            nextAt.keySet().retainAll(seen);
            failing.retainAll(seen);
        } catch (RuntimeException e) {
            LOG.warn("Usage polls: a round failed: {}", e.toString());
        }
    }

    private void poll(Provider p, ApiKey key, UsagePoll poll) {
        polls.incrementAndGet();
        ProviderConfig config = p.config();
        String target = config.upstream().getScheme() + "://" + config.upstream().getRawAuthority() + poll.path();
        String failure;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(target)).timeout(timeout).GET()
                    .header("Accept", "application/json")
                    .header(config.auth().headerName(), config.auth().headerValue(key.secret().reveal())).build();
            HttpResponse<String> answer = http().send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 == 2) {
                List<Budget> budgets = UsageAnswer.read(answer.body(), poll, clock.instant());
                p.pool().apply(key.id(), new KeyOp.BudgetReported(budgets, "usage poll"));
                if (failing.remove(p.id() + '\0' + key.id())) {
                    LOG.info("Usage polls: key {}/{} answers again", p.id(), key.id());
                }
                return;
            }
            failure = "HTTP " + answer.statusCode();
        } catch (UsageAnswer.Unreadable e) {
            failure = "an answer that does not read (" + e.getMessage() + ")";
        } catch (java.net.http.HttpTimeoutException e) {
            failure = "no answer within " + timeout.toSeconds() + " s";
        } catch (java.io.IOException | IllegalArgumentException e) {
            failure = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        failures.computeIfAbsent(p.id(), x -> new AtomicLong()).incrementAndGet();
        if (failing.add(p.id() + '\0' + key.id())) {
            LOG.warn("Usage polls: key {}/{}: {} from {}; the key is left as it is, asked again in {}", p.id(), key.id(),
                    failure, target, org.keyrelay.config.Durations.format(poll.every()));
        }
    }

    private static Duration jittered(Duration every) {
        long tenth = Math.max(1, every.toMillis() / 10);
        return every.plusMillis(ThreadLocalRandom.current().nextLong(tenth));
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
