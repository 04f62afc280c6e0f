package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;

/**
 * An upstream closes a kept-alive connection just as the next request goes out on it (providers close idle
 * connections after a while): the gateway sends the request again on another connection and the key is not blamed.
 * A request that fails on a new connection still counts against its key.
 */
class StaleConnectionRouteTest {

    private static final String CHAT = "{\"model\":\"m\",\"messages\":[]}";

    @TempDir
    Path dir;

    @Test
    void should_send_the_request_again_on_a_new_connection_and_leave_the_key_alone() throws Exception {
        try (ClosingUpstream upstream = new ClosingUpstream(1);
             RunningGateway gw = RunningGateway.start(dir, keyring(upstream), MutableClock.tickingFromNow())) {
            assertEquals(200, gw.post("/p/v1/chat/completions", CHAT).statusCode());

            HttpResponse<String> second = gw.post("/p/v1/chat/completions", CHAT);

            assertEquals(200, second.statusCode(), second.body());
            assertEquals("1", second.headers().firstValue("X-Keyrelay-Attempts").orElseThrow(), "one attempt, one key");
            assertEquals(2, upstream.connections(), "the second request left again on a new connection");
            assertEquals(List.of("POST /v1/chat/completions", "POST /v1/chat/completions", "POST /v1/chat/completions"),
                    upstream.requests(), "served, closed under, served again");
            KeyMemory key = key(gw);
            assertEquals(0L, key.failures().getOrDefault(FailureClass.TRANSIENT, 0L), "not the key's doing");
        }
    }

    @Test
    void should_blame_the_key_when_a_new_connection_closes_under_the_request() throws Exception {
        try (ClosingUpstream upstream = new ClosingUpstream(0);
             RunningGateway gw = RunningGateway.start(dir, keyring(upstream), MutableClock.tickingFromNow())) {
            HttpResponse<String> r = gw.post("/p/v1/chat/completions", CHAT);

            assertEquals(502, r.statusCode(), r.body());
            assertTrue(key(gw).failures().getOrDefault(FailureClass.TRANSIENT, 0L) >= 1, "a transient failure of the key");
        }
    }

    private static String keyring(ClosingUpstream upstream) {
        return """
                providers:
                  - id: p
                    upstream: http://127.0.0.1:%d
                    keys: [{id: main, secret: sk-test-stale}]
                """.formatted(upstream.port());
    }

    private static KeyMemory key(RunningGateway gw) {
        return gw.key("p", "main").memory();
    }

    /**
     * A real HTTP/1.1 upstream on loopback that answers the first {@code answered} requests of each connection (200,
     * kept alive), then closes the connection when the next request arrives, without an answer.
     */
    private static final class ClosingUpstream implements AutoCloseable {
        private static final byte[] OK = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                + "\r\n{}").getBytes(StandardCharsets.US_ASCII);

        private final ServerSocket server;
        private final int answered;
        private final AtomicInteger connections = new AtomicInteger();
        private final List<String> requests = new CopyOnWriteArrayList<>();

        ClosingUpstream(int answered) throws IOException {
            this.answered = answered;
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(this::accept, "closing-upstream");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s), "closing-upstream-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                for (int n = 0; ; n++) {
                    String head = head(in);
                    if (head == null) {
                        return;
                    }
                    requests.add(head.substring(0, head.indexOf(" HTTP/")));
                    in.readNBytes(contentLength(head));
                    if (n >= answered) {
                        return; // closed under the request
                    }
                    s.getOutputStream().write(OK);
                    s.getOutputStream().flush();
                }
            } catch (IOException gone) {
                // the gateway closed the connection
            }
        }

        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                seen.write(b);
                if (seen.size() >= 4 && seen.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    return seen.toString(StandardCharsets.US_ASCII);
                }
            }
            return null;
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(line.substring(15).strip());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
