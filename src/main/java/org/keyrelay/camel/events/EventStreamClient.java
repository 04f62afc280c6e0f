package org.keyrelay.camel.events;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One client of {@link EventStream}: its frames wait in a bounded queue and are written with the servlet's
 * non-blocking output (written while the connection takes them, the rest when Jetty says it can take more), so a
 * slow client never holds the stream's thread. A client that falls {@link #BEHIND} frames behind is disconnected; it
 * may reconnect with {@code Last-Event-ID} and get what is still kept.
 */
final class EventStreamClient implements WriteListener {

    /** Frames a client may be behind before it is let go. */
    static final int BEHIND = 1000;

    private final EventStream stream;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final String provider;
    private final BlockingQueue<byte[]> pending = new ArrayBlockingQueue<>(BEHIND);
    private volatile boolean overflowed;
    private boolean unflushed;
    private boolean closed;
    private boolean listening;

    /** @param provider only this provider's events; null for all */
    EventStreamClient(EventStream stream, AsyncContext async, ServletOutputStream out, String provider) {
        this.stream = stream;
        this.async = async;
        this.out = out;
        this.provider = provider;
    }

    /** Starts writing: call once, after the response head is set. */
    void start() {
        comment("keyrelay key events");
        out.setWriteListener(this); // from here on Jetty calls onWritePossible when the connection can take more
        synchronized (this) {
            listening = true;
        }
        pump();
    }

    void enqueue(EventStream.Frame frame) {
        if (provider == null || provider.equals(frame.provider())) {
            overflowed |= !pending.offer(frame.bytes());
        }
    }

    void comment(String text) {
        overflowed |= !pending.offer((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onWritePossible() {
        pump();
    }

    /** Writes what is pending while the connection takes it, then flushes; never waits. */
    synchronized void pump() {
        if (closed || !listening) {
            return;
        }
        if (overflowed) {
            close();
            return;
        }
        try {
            while (out.isReady()) {
                byte[] next = pending.poll();
                if (next != null) {
                    out.write(next);
                    unflushed = true;
                } else if (unflushed) {
                    unflushed = false;
                    out.flush();
                } else {
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            close();
        }
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stream.leave(this);
        pending.clear();
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // the connection is already gone
        }
    }
}
