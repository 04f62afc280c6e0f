package org.keyrelay.store.redis;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keyrelay.pool.KeyChange;
import org.keyrelay.pool.KeyOp;

/**
 * Key changes on their way to Redis, in the order the pools made them. Counts alone (a request chosen, a success on a
 * healthy key: most requests) are summed per key and day rather than queued, so a burst costs one update per key, and
 * an outage of any length costs a few numbers. Changes with state operations queue in order, at most
 * {@link #MAX_CHANGES} (the oldest is dropped past that, and counted). While Redis is unreachable everything stays
 * here, and is sent when it is back.
 */
final class Outbox {

    static final int MAX_CHANGES = 10_000;

    private record Tally(String provider, String keyId, LocalDate day) {
    }

    private final ArrayDeque<KeyChange> changes = new ArrayDeque<>();
    private final Map<Tally, KeyChange> tallies = new LinkedHashMap<>();
    private long dropped;

    /** Queues a change; never blocks for long (called under a pool's lock). */
    synchronized void add(KeyChange change) {
        if (change.countsOnly()) {
            if (!change.tally().isEmpty()) {
                tallies.merge(new Tally(change.provider(), change.keyId(), day(change.at())), change, Outbox::sum);
            }
        } else {
            changes.addLast(change);
            if (changes.size() > MAX_CHANGES) {
                changes.pollFirst();
                dropped++;
            }
        }
        notifyAll();
    }

    /** Everything waiting, state changes first in their order, then the summed counts; the outbox is empty after. */
    synchronized List<KeyChange> takeAll() {
        List<KeyChange> all = new ArrayList<>(changes.size() + tallies.size());
        all.addAll(changes);
        all.addAll(tallies.values());
        changes.clear();
        tallies.clear();
        return all;
    }

    /** Puts back what could not be sent, before anything queued since, in its order. */
    synchronized void putBack(List<KeyChange> unsent) {
        for (int i = unsent.size() - 1; i >= 0; i--) {
            KeyChange c = unsent.get(i);
            if (c.countsOnly()) {
                tallies.merge(new Tally(c.provider(), c.keyId(), day(c.at())), c, Outbox::sum);
            } else {
                changes.addFirst(c);
            }
        }
        while (changes.size() > MAX_CHANGES) {
            changes.pollFirst();
            dropped++;
        }
    }

    /** Forgets what is waiting for these keys ("provider\0keyId"): Redis got this instance's whole memory of them. */
    synchronized void forget(Set<String> keys) {
        changes.removeIf(c -> keys.contains(c.provider() + '\0' + c.keyId()));
        for (Iterator<Tally> it = tallies.keySet().iterator(); it.hasNext(); ) {
            Tally t = it.next();
            if (keys.contains(t.provider() + '\0' + t.keyId())) {
                it.remove();
            }
        }
    }

    synchronized boolean isEmpty() {
        return changes.isEmpty() && tallies.isEmpty();
    }

    synchronized int size() {
        return changes.size() + tallies.size();
    }

    /** State changes dropped because too many waited. */
    synchronized long dropped() {
        return dropped;
    }

    /** Waits up to {@code millis} for something to send, or for {@link #wake()}. */
    synchronized void await(long millis) throws InterruptedException {
        if (isEmpty()) {
            wait(millis);
        }
    }

    synchronized void wake() {
        notifyAll();
    }

    private static KeyChange sum(KeyChange a, KeyChange b) {
        KeyOp.Tally x = a.tally();
        KeyOp.Tally y = b.tally();
        Instant at = a.at().isAfter(b.at()) ? a.at() : b.at();
        return new KeyChange(a.provider(), a.keyId(), at, new KeyOp.Tally(x.requests() + y.requests(),
                x.successes() + y.successes(), null, x.tokensIn() + y.tokensIn(), x.tokensOut() + y.tokensOut()),
                null, b.rules());
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
