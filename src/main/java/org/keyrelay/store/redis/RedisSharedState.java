package org.keyrelay.store.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.keyrelay.pool.KeyChange;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyRecord;
import org.keyrelay.pool.SharedKeyState;
import org.keyrelay.store.StoreStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Key state shared by several gateway instances through one Redis ({@link RedisLayout} says what is where).
 * <p>
 * <b>Out.</b> A pool's change ({@link #recorded}) goes to the {@link Outbox} and returns at once; one writer thread
 * sends what waits, in order: the counts summed and pipelined ({@code count.lua}), and each operation on a key's
 * record applied to Redis's record by the pool's own rules ({@link org.keyrelay.pool.KeyRules}), written back by a
 * compare-and-set on the record's revision ({@code cas.lua}, retried when another instance wrote first), which
 * publishes the key's record on {@code keyrelay:events}. Redis keeps records; it decides nothing.
 * <b>In.</b> A listener thread subscribed to that channel hands every message to the key's pool
 * ({@link KeyPool#applyShared}): an instance learns of another's cooldown one pub/sub hop after it was recorded.
 * Revisions (Redis's clock, per key) keep a late message from undoing a newer state.
 * <b>Round-robin</b> takes turns from {@code INCR keyrelay:{provider}:turn}.
 * <p>
 * <b>Redis unreachable.</b> The first failure (a write, a turn, the subscription) is logged once and counted
 * ({@link #status()}); pools go on with their own view and their own round-robin cursor, and changes stay in the
 * outbox. The writer tries Redis again every {@value #RETRY_MILLIS} ms; once it answers and the listener is subscribed
 * again it catches up: a key Redis does not know (it came back empty) gets this instance's whole memory of it,
 * the changes waiting for the other keys are sent, and every pool reloads what Redis holds, whatever it missed. Then
 * one line says Redis is back. Sending is at least once: a change cut off mid-send may count twice.
 */
public final class RedisSharedState implements SharedKeyState, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSharedState.class);
    static final long RETRY_MILLIS = 500;
    /** Compare-and-set attempts on one key before a change is given up (other instances won each time). */
    static final int MAX_CONFLICTS = 16;
    private static final int TIMEOUT_MILLIS = 1000;

    private final RedisLocation location;
    private final String origin;
    private final HostAndPort address;
    private final JedisPooled redis;
    private final ObjectMapper json = new ObjectMapper();
    private final String casScript = RedisLayout.script("cas.lua");
    private final String countScript = RedisLayout.script("count.lua");
    private final Outbox outbox = new Outbox();
    private final Set<String> pulls = ConcurrentHashMap.newKeySet();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicBoolean toldDown = new AtomicBoolean();
    private final JedisPubSub listener = new JedisPubSub() {
        @Override
        public void onSubscribe(String channel, int count) {
            subscribed = true;
            outbox.wake();
        }

        @Override
        public void onMessage(String channel, String message) {
            received(message);
        }
    };
    private volatile boolean up;
    private volatile boolean everUp;
    private volatile boolean subscribed;
    private volatile boolean running;
    private volatile Map<String, KeyPool> pools = Map.of();
    private volatile Jedis subscriber;
    private Thread writer;
    private Thread listenerThread;

    /** @param origin this instance's name in the messages (for logs): host and port */
    public RedisSharedState(RedisLocation location, String origin) {
        this.location = location;
        this.origin = origin;
        this.address = new HostAndPort(location.host(), location.port());
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(16);
        pool.setMaxWait(Duration.ofMillis(TIMEOUT_MILLIS));
        pool.setJmxEnabled(false);
        this.redis = new JedisPooled(pool, address, config(TIMEOUT_MILLIS));
    }

    private JedisClientConfig config(int socketTimeout) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MILLIS).socketTimeoutMillis(socketTimeout)
                .database(location.database()).clientName("keyrelay")
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (location.password() != null) {
            b.user(location.user()).password(location.password());
        }
        return b.build();
    }

    /** Everything Redis holds, by provider (a starting gateway's restore). */
    Map<String, List<KeyMemory>> loadAll() {
        Map<String, List<KeyMemory>> all = new LinkedHashMap<>();
        for (String provider : redis.smembers(RedisLayout.PROVIDERS)) {
            List<String> ids = new ArrayList<>(redis.smembers(RedisLayout.keys(provider)));
            List<Response<Map<String, String>>> hashes = new ArrayList<>();
            List<Response<Map<String, String>>> days = new ArrayList<>();
            try (AbstractPipeline p = redis.pipelined()) {
                for (String id : ids) {
                    hashes.add(p.hgetAll(RedisLayout.key(provider, id)));
                    days.add(p.hgetAll(RedisLayout.days(provider, id)));
                }
                p.sync();
            }
            List<KeyMemory> memories = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                KeyMemory m = RedisLayout.memory(ids.get(i), hashes.get(i).get(), days.get(i).get(), json);
                if (m != null) {
                    memories.add(m);
                }
            }
            all.put(provider, memories);
        }
        return all;
    }

    /** Starts the writer and the listener for the gateway's pools (a live view by provider id). */
    public synchronized void start(Map<String, KeyPool> pools) {
        if (running) {
            return;
        }
        this.pools = pools;
        running = true;
        writer = new Thread(this::write, "keyrelay-redis-writer");
        writer.setDaemon(true);
        listenerThread = new Thread(this::listen, "keyrelay-redis-listener");
        listenerThread.setDaemon(true);
        listenerThread.start();
        writer.start();
    }

    @Override
    public void recorded(KeyChange change) {
        outbox.add(change);
    }

    @Override
    public long nextTurn(String provider) {
        if (!up) {
            return NO_TURN;
        }
        try {
            return redis.incr(RedisLayout.turn(provider)) - 1;
        } catch (JedisException e) {
            failed("taking a round-robin turn", e);
            return NO_TURN;
        }
    }

    @Override
    public void pull(KeyPool pool) {
        pulls.add(pool.provider());
        outbox.wake();
    }

    /** Whether Redis answers and this instance is caught up with it. */
    public boolean isUp() {
        return up;
    }

    public StoreStatus status() {
        return new StoreStatus("redis", location.toString(), up, errors.get());
    }

    /** Counts a failure that happened outside this class (a starting gateway's load), and says so once. */
    void failedAtStart(Exception e) {
        failed("loading the key state", e);
    }

    private void failed(String what, Exception e) {
        errors.incrementAndGet();
        up = false;
        if (toldDown.compareAndSet(false, true)) {
            LOG.warn("Shared key state: Redis at {} unreachable ({}: {}). This gateway goes on with its own view of the "
                    + "keys and sends its changes when Redis is back.", location, what, e.getMessage());
        }
        outbox.wake();
    }

    // ---- the writer thread

    private void write() {
        try {
            while (running) {
                if (!up) {
                    catchUp();
                    if (!up) {
                        outbox.await(RETRY_MILLIS);
                        Thread.sleep(Math.min(RETRY_MILLIS, 50)); // a burst of changes does not spin the retries
                    }
                    continue;
                }
                outbox.await(RETRY_MILLIS);
                send(outbox.takeAll());
                pullRequested();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (up) {
            send(outbox.takeAll()); // closing: what is left goes out if it can
        }
    }

    private void send(List<KeyChange> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            sendAll(batch);
        } catch (JedisException e) {
            outbox.putBack(batch);
            failed("sending key changes", e);
        }
    }

    /** Sends a batch: the counts pipelined, then each operation on a record by compare-and-set, in order. */
    private void sendAll(List<KeyChange> batch) {
        try (AbstractPipeline p = redis.pipelined()) {
            for (KeyChange c : batch) {
                List<String> args = RedisLayout.countArgs(c);
                if (args != null) {
                    p.eval(countScript, RedisLayout.countKeys(c.provider(), c.keyId()), args);
                }
            }
            p.sync();
        }
        for (KeyChange c : batch) {
            if (c.op() != null) {
                writeRecord(c);
            }
        }
    }

    /**
     * Applies a change's operation to Redis's record of the key by the pool's own rules and writes the result if the
     * record is still the one read (compare-and-set on its revision); reads again and retries when another instance
     * wrote first.
     */
    private void writeRecord(KeyChange c) {
        String hash = RedisLayout.key(c.provider(), c.keyId());
        for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
            KeyRecord theirs = RedisLayout.record(c.keyId(), redis.hgetAll(hash), json);
            KeyRecord next = c.rules().apply(theirs, c.op(), c.at()).record();
            if (next.sameShared(theirs)) {
                return;
            }
            Object written = redis.eval(casScript, RedisLayout.casKeys(c.provider(), c.keyId()), RedisLayout.casArgs(
                    origin, c.provider(), c.keyId(), theirs.revision(), false, RedisLayout.fields(next, json), json));
            if (Long.valueOf(1).equals(written)) {
                return;
            }
        }
        errors.incrementAndGet();
        LOG.warn("Shared key state: key {}/{} changed under this instance {} times in a row; its change was dropped",
                c.provider(), c.keyId(), MAX_CONFLICTS);
    }

    private void pullRequested() {
        for (String provider : List.copyOf(pulls)) {
            pulls.remove(provider);
            KeyPool pool = pools.get(provider);
            if (pool != null) {
                try {
                    reload(pool);
                } catch (JedisException e) {
                    pulls.add(provider);
                    failed("reading the key state", e);
                    return;
                }
            }
        }
    }

    /**
     * After an outage, or at start: once Redis answers and the listener is subscribed (so nothing published from here
     * on is missed), gives Redis what it lacks, sends what waited, and reloads every pool from Redis.
     */
    private void catchUp() {
        if (!running) {
            return;
        }
        Map<String, KeyPool> now = pools;
        try {
            redis.ping();
            if (!subscribed) {
                return;
            }
            int seeded = seed(now);
            int waiting = outbox.size();
            List<KeyChange> batch = outbox.takeAll();
            try {
                sendAll(batch);
            } catch (JedisException e) {
                outbox.putBack(batch);
                throw e;
            }
            pulls.clear();
            for (KeyPool pool : now.values()) {
                reload(pool);
            }
            up = true;
            if (toldDown.compareAndSet(true, false)) {
                LOG.info("Shared key state: Redis at {} is back; sent {} waiting changes ({} dropped for want of room), "
                        + "gave it {} keys it did not know, reloaded every pool", location, waiting, outbox.dropped(),
                        seeded);
            } else if (!everUp) {
                LOG.info("Shared key state in Redis at {} (this instance: {}): cooldowns, invalid and disabled keys, "
                        + "health and counters are shared with every gateway using it", location, origin);
            }
            everUp = true;
        } catch (JedisException e) {
            if (!everUp && toldDown.compareAndSet(false, true)) {
                errors.incrementAndGet();
                LOG.warn("Shared key state: Redis at {} unreachable at start ({}). This gateway goes on with its own "
                        + "view of the keys (the state file) and shares it once Redis answers.", location, e.getMessage());
            }
        }
    }

    /** Gives Redis this instance's memory of every key Redis does not know; forgets the changes waiting for those. */
    private int seed(Map<String, KeyPool> now) {
        Set<String> seeded = new HashSet<>();
        for (KeyPool pool : now.values()) {
            for (KeyMemory m : pool.memories()) {
                Object written = redis.eval(casScript, RedisLayout.casKeys(pool.provider(), m.id()), RedisLayout.casArgs(
                        origin, pool.provider(), m.id(), 0, true, RedisLayout.seedFields(m, Instant.now(), json), json));
                Map<String, String> days = RedisLayout.seedDays(m);
                if (Long.valueOf(1).equals(written)) {
                    if (!days.isEmpty()) {
                        redis.hset(RedisLayout.days(pool.provider(), m.id()), days);
                    }
                    seeded.add(pool.provider() + '\0' + m.id());
                }
            }
        }
        outbox.forget(seeded);
        return seeded.size();
    }

    private void reload(KeyPool pool) {
        List<String> ids = pool.keys().stream().map(k -> k.id()).toList();
        List<Response<Map<String, String>>> hashes = new ArrayList<>(ids.size());
        try (AbstractPipeline p = redis.pipelined()) {
            for (String id : ids) {
                hashes.add(p.hgetAll(RedisLayout.key(pool.provider(), id)));
            }
            p.sync();
        }
        for (int i = 0; i < ids.size(); i++) {
            KeyRecord theirs = RedisLayout.record(ids.get(i), hashes.get(i).get(), json);
            if (theirs.revision() != 0) {
                pool.applyShared(theirs, "redis");
            }
        }
    }

    // ---- the listener thread

    private void listen() {
        while (running) {
            boolean wasSubscribed = false;
            try (Jedis connection = new Jedis(address, config(0))) {
                subscriber = connection;
                if (!running) {
                    return;
                }
                connection.subscribe(listener, RedisLayout.CHANNEL); // returns when unsubscribed
            } catch (JedisException e) {
                wasSubscribed = subscribed;
                if (running && wasSubscribed) {
                    failed("listening to the other instances", e);
                }
            } finally {
                subscribed = false;
                subscriber = null;
            }
            if (running) {
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void received(String message) {
        try {
            RedisLayout.Heard heard = RedisLayout.message(message, json);
            KeyPool pool = heard == null ? null : pools.get(heard.provider());
            if (pool != null) {
                pool.applyShared(heard.record(), heard.origin());
            }
        } catch (Exception e) {
            LOG.debug("Shared key state: a message on {} that does not read: {}", RedisLayout.CHANNEL, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            if (listener.isSubscribed()) {
                listener.unsubscribe();
            }
        } catch (RuntimeException e) {
            // the connection is gone already
        }
        Jedis s = subscriber;
        if (s != null) {
            try {
                s.disconnect();
            } catch (RuntimeException e) {
                // closing anyway
            }
        }
        Thread w = writer;
        if (w != null) {
            outbox.wake();
            try {
                w.join(TIMEOUT_MILLIS * 2L);
                listenerThread.join(TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        redis.close();
    }

    @Override
    public String toString() {
        return "RedisSharedState[" + location + ", " + (up ? "up" : "down") + "]";
    }
}
