package org.keyrelay.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 upstream on loopback, on plain sockets, that can misbehave at any point of its answer: never answer,
 * send a head and then nothing, or stop in the middle of a stream. The key of each request ({@code Authorization:
 * Bearer <key>}) picks its behaviour. A connection the gateway closes while the stub holds it counts as cancelled.
 */
public final class StallingUpstream implements AutoCloseable {

    /** What the upstream does after reading a request. */
    public enum Behaviour {
        /** Answers nothing at all. */
        HANG,
        /** A streamed (SSE) head, then nothing. */
        STREAM_HEAD_ONLY,
        /** A JSON head with a Content-Length, then nothing. */
        JSON_HEAD_ONLY,
        /** A streamed head and one event, then nothing. */
        STALL_MID_STREAM,
        /** A whole JSON answer. */
        ANSWER_JSON,
        /** A whole streamed answer of two events and [DONE]. */
        ANSWER_STREAM
    }

    public static final String EVENT = "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n";

    private final ServerSocket server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Behaviour> byKey = new ConcurrentHashMap<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger cancelled = new AtomicInteger();

    public StallingUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        executor.execute(this::accept);
    }

    public StallingUpstream on(String key, Behaviour behaviour) {
        byKey.put(key, behaviour);
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The keys the upstream saw, in order, as their last letter ("key-a" is "a"). */
    public String keySequence() {
        StringBuilder sb = new StringBuilder();
        keys.forEach(k -> sb.append(k.isEmpty() ? "?" : k.substring(k.length() - 1)));
        return sb.toString();
    }

    /** Requests the gateway gave up on while the stub held them (it closed their connection). */
    public int cancelled() {
        return cancelled.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                executor.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String key = requestKey(in);
            keys.add(key);
            Behaviour behaviour = byKey.getOrDefault(key, Behaviour.ANSWER_JSON);
            OutputStream out = socket.getOutputStream();
            switch (behaviour) {
                case HANG -> awaitClose(in);
                case STREAM_HEAD_ONLY -> {
                    out.write(streamHead());
                    out.flush();
                    awaitClose(in);
                }
                case JSON_HEAD_ONLY -> {
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"));
                    out.flush();
                    awaitClose(in);
                }
                case STALL_MID_STREAM -> {
                    out.write(streamHead());
                    out.write(chunk(EVENT));
                    out.flush();
                    awaitClose(in);
                }
                case ANSWER_JSON -> {
                    byte[] body = ascii("{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"content\":\"hello\"}}]}");
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n"));
                    out.write(body);
                    out.flush();
                }
                case ANSWER_STREAM -> {
                    out.write(streamHead());
                    out.write(chunk(EVENT));
                    out.write(chunk(EVENT));
                    out.write(chunk("data: [DONE]\n\n"));
                    out.write(ascii("0\r\n\r\n"));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the gateway went away while being answered
        } finally {
            open.remove(socket);
        }
    }

    /** Holds the request until the gateway closes the connection, and counts that. */
    private void awaitClose(InputStream in) throws IOException {
        try {
            while (in.read() != -1) {
                // nothing more is expected
            }
        } catch (IOException reset) {
            // a reset is a close too
        }
        if (!server.isClosed()) {
            cancelled.incrementAndGet();
        }
    }

    /** Reads the request line, headers and Content-Length body; the bearer key, or "" without one. */
    private static String requestKey(InputStream in) throws IOException {
        String key = "";
        int length = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("authorization:")) {
                key = line.substring(line.indexOf(':') + 1).strip().replaceFirst("(?i)^bearer\\s+", "");
            } else if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        in.readNBytes(length);
        return key;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] streamHead() {
        return ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    private static byte[] chunk(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ascii(Integer.toHexString(bytes.length) + "\r\n" + text + "\r\n");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        executor.shutdownNow();
    }
}
