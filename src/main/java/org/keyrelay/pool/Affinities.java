package org.keyrelay.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Session affinity: which key each conversation is on, so its requests keep hitting the provider's prompt cache.
 * The rule, applied by {@link KeyPool#select}: a conversation stays on its key while that key is
 * usable for the request; when it is not (cooling, invalid, disabled, the model cooled on it, on probation after a
 * cooldown), the strategy picks another key and the conversation stays on that one from then on.
 * <p>
 * Memory is bounded: at most {@code capacity} conversations per provider (the least recently used goes first), and
 * a conversation idle for {@code idle} is forgotten. Conversation ids live in memory only: never logged, never saved.
 * Used under the pool's lock.
 */
final class Affinities {

    static final int DEFAULT_CAPACITY = 10_000;
    static final Duration DEFAULT_IDLE = Duration.ofHours(1);

    private record Seat(String keyId, Instant lastUsed) {}

    private final int capacity;
    private final Duration idle;
    private final LinkedHashMap<String, Seat> seats = new LinkedHashMap<>(); // oldest use first

    Affinities(int capacity, Duration idle) {
        this.capacity = capacity;
        this.idle = idle;
    }

    /** The key the conversation is on, or null when it has none (new, forgotten, or idle too long). */
    String keyOf(String conversation, Instant now) {
        Seat seat = seats.get(conversation);
        if (seat == null) {
            return null;
        }
        if (!now.isBefore(seat.lastUsed().plus(idle))) {
            seats.remove(conversation);
            return null;
        }
        return seat.keyId();
    }

    void seat(String conversation, String keyId, Instant now) {
        seats.remove(conversation);
        seats.put(conversation, new Seat(keyId, now));
        evict(now);
    }

    int size() {
        return seats.size();
    }

    private void evict(Instant now) {
        Iterator<Map.Entry<String, Seat>> it = seats.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Seat> oldest = it.next();
            boolean idleTooLong = !now.isBefore(oldest.getValue().lastUsed().plus(idle));
            if (seats.size() > capacity || idleTooLong) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
