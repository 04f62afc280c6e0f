package org.keyrelay.events;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue and one thread that hands each event to a slow consumer (the routes, the event stream) off the
 * request path. {@link #accept} never waits: when the queue is full the event is dropped and counted, so a webhook that
 * hangs costs its own events, never a request's time.
 */
public final class EventOutlet implements Consumer<KeyEvent>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventOutlet.class);

    private final String name;
    private final BlockingQueue<KeyEvent> queue;
    private final Consumer<KeyEvent> consumer;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean open = true;
    private long failures;

    /**
     * @param name     what it feeds (the thread's name, the log, the metric's tag)
     * @param capacity events held while the consumer is busy
     * @param consumer takes one event at a time, on the outlet's thread
     */
    public EventOutlet(String name, int capacity, Consumer<KeyEvent> consumer) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an event outlet needs room for at least one event, not " + capacity);
        }
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.consumer = consumer;
        this.thread = new Thread(this::run, "keyrelay-events-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    public String name() {
        return name;
    }

    @Override
    public void accept(KeyEvent event) {
        if (!open || !queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** Events dropped because the queue was full (or the outlet closed). */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        while (open) {
            KeyEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                consumer.accept(event);
            } catch (RuntimeException e) {
                if (failures++ % 100 == 0) { // a broken route should not flood the log
                    LOG.warn("Key events to {}: {} ({} failed so far)", name, e.toString(), failures);
                }
            }
        }
    }

    @Override
    public void close() {
        open = false;
        thread.interrupt();
    }
}
