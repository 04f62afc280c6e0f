package org.keyrelay.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A client of a Server-Sent Events stream: keeps every {@code data:} line, in order, as it arrives. */
public final class EventStreamReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> data = new CopyOnWriteArrayList<>();
    private final HttpResponse<Stream<String>> response;
    private final CompletableFuture<Void> reading;

    private EventStreamReader(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reading = CompletableFuture.runAsync(() -> response.body().forEach(line -> {
            if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }));
    }

    /** Opens {@code url} with {@code authorization} (null: none); returns once the response head arrived. */
    public static EventStreamReader open(HttpClient client, String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<Stream<String>> r = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        return new EventStreamReader(r);
    }

    public int status() {
        return response.statusCode();
    }

    public HttpResponse<Stream<String>> response() {
        return response;
    }

    /** Every event's JSON so far. */
    public List<String> data() {
        return List.copyOf(data);
    }

    public List<JsonNode> events() {
        return data().stream().map(d -> {
            try {
                return JSON.readTree(d);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + d, e);
            }
        }).toList();
    }

    @Override
    public void close() {
        reading.cancel(true);
        response.body().close();
    }
}
