package org.keyrelay.camel.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keyrelay.events.KeyEvent;

/**
 * The key events as Server-Sent Events ({@code GET /admin/events}): the last {@code retain} kept for a client that
 * connects late (or reconnects with {@code Last-Event-ID}), and every new one sent to each connected client. Each
 * frame is {@code id: N} and {@code data: <the event's JSON>}. Fed by one {@link org.keyrelay.events.EventOutlet}
 * thread; writing to a client never waits for it (see {@link EventStreamClient}).
 */
public final class EventStream {

    private final int retain;
    private final Deque<Frame> recent = new ArrayDeque<>();
    private final Set<EventStreamClient> clients = ConcurrentHashMap.newKeySet();
    private long lastId;

    /** @param retain events kept for clients that connect later */
    public EventStream(int retain) {
        if (retain < 0) {
            throw new IllegalArgumentException("keyrelay.events.retain must be 0 or more, not " + retain);
        }
        this.retain = retain;
    }

    /** One event, framed once for every client. */
    record Frame(long id, String provider, byte[] bytes) {}

    public void publish(KeyEvent event) {
        List<EventStreamClient> to;
        synchronized (this) {
            Frame frame = new Frame(++lastId, event.provider(),
                    ("id: " + (lastId) + "\ndata: " + event.toJson() + "\n\n").getBytes(StandardCharsets.UTF_8));
            recent.addLast(frame);
            while (recent.size() > retain) {
                recent.removeFirst();
            }
            to = new ArrayList<>(clients);
            to.forEach(c -> c.enqueue(frame));
        }
        to.forEach(EventStreamClient::pump);
    }

    /** A client joins: first the kept events after {@code lastEventId} (0: all kept), then every new one. */
    void join(EventStreamClient client, long lastEventId) {
        synchronized (this) {
            recent.stream().filter(f -> f.id() > lastEventId).forEach(client::enqueue);
            clients.add(client);
        }
        client.pump();
    }

    void leave(EventStreamClient client) {
        clients.remove(client);
    }

    /** A comment line to each client, so a dead connection is noticed and proxies keep it open. */
    void keepAlive() {
        for (EventStreamClient c : List.copyOf(clients)) {
            c.comment("keep-alive");
            c.pump();
        }
    }

    /** Ends every client's stream (the gateway stops). */
    void closeAll() {
        List.copyOf(clients).forEach(EventStreamClient::close);
    }

    int clients() {
        return clients.size();
    }
}
