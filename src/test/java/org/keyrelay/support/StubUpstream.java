package org.keyrelay.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;

/**
 * A real HTTP upstream on loopback for tests. It records every request and answers each one by the key it
 * carries (Bearer or x-api-key): a script per key, consumed in order, with a default answer after that.
 */
public final class StubUpstream implements AutoCloseable {

    /** A request as the upstream received it. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** The key the request carried, from Authorization: Bearer or x-api-key. */
        public String key() {
            String auth = header("Authorization");
            if (auth != null && auth.startsWith("Bearer ")) {
                return auth.substring(7);
            }
            return header("x-api-key");
        }
    }

    /** An answer: status, headers, and body chunks sent {@code gap} apart (one chunk: a plain body). */
    public record Answer(int status, Map<String, String> headers, List<String> chunks, Duration gap) {

        public static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), List.of(body), Duration.ZERO);
        }

        public static Answer ok() {
            return json(200, "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"content\":\"hello\"}}]}");
        }

        /** A plain 429 {@code {"error":"rate limit"}} with {@code Retry-After: seconds}. */
        public static Answer rateLimited(int seconds) {
            return json(429, "{\"error\":\"rate limit\"}").withHeader("Retry-After", Integer.toString(seconds));
        }

        public static Answer stream(String contentType, List<String> chunks, Duration gap) {
            return new Answer(200, Map.of("Content-Type", contentType), chunks, gap);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, chunks, gap);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, List<Answer>> scripts = new ConcurrentHashMap<>();
    private volatile Function<Received, Answer> fallback = r -> Answer.ok();
    private final List<Integer> remotePorts = new CopyOnWriteArrayList<>();
    private final AtomicInteger cancelled = new AtomicInteger();

    public StubUpstream() throws IOException {
        this(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    private StubUpstream(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * The same upstream over TLS with {@code tls}'s certificate; the host names clients ask for with SNI go to
     * {@code sniSeen}.
     */
    public static StubUpstream tls(SSLContext tls, List<String> sniSeen) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        sniSeen.add(((SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                params.setSSLParameters(p);
            }
        });
        return new StubUpstream(server);
    }

    public String baseUrl() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The next answers for requests carrying {@code key}, in order. */
    public StubUpstream script(String key, Answer... answers) {
        scripts.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).addAll(List.of(answers));
        return this;
    }

    public StubUpstream otherwise(Function<Received, Answer> answer) {
        this.fallback = answer;
        return this;
    }

    /** The client port of each request's connection, in order: equal ports mean a kept-alive connection. */
    public List<Integer> remotePorts() {
        return List.copyOf(remotePorts);
    }

    /** Answers that could not be written to the end because the gateway closed the connection. */
    public int cancelled() {
        return cancelled.get();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The keys the upstream saw, in order, as one letter each when keys are named "key-a", "key-b"... */
    public String keySequence() {
        StringBuilder sb = new StringBuilder();
        for (Received r : received) {
            String key = r.key();
            sb.append(key == null ? "?" : key.substring(key.length() - 1));
        }
        return sb.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, new String(body, StandardCharsets.UTF_8));
        received.add(request);
        remotePorts.add(exchange.getRemoteAddress().getPort());
        Answer answer = next(request);
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        try (OutputStream out = exchange.getResponseBody()) {
            if (answer.chunks().size() == 1 && answer.gap().isZero()) {
                byte[] bytes = answer.chunks().get(0).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                out.write(bytes);
                return;
            }
            exchange.sendResponseHeaders(answer.status(), 0);
            for (String chunk : answer.chunks()) {
                out.write(chunk.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (!answer.gap().isZero()) {
                    Thread.sleep(answer.gap().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientWentAway) {
            cancelled.incrementAndGet(); // the gateway cancelled the stream
        }
    }

    private Answer next(Received request) {
        List<Answer> script = request.key() == null ? null : scripts.get(request.key());
        if (script != null && !script.isEmpty()) {
            return script.remove(0);
        }
        return fallback.apply(request);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
