package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keyrelay.admin.KeyAction;

/** The running gateway's admin API, with the admin token. */
final class RemoteKeys implements KeyBackend {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    RemoteKeys(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    /** Whether something answers at {@code base} (any HTTP answer counts). */
    boolean reachable() {
        try {
            send("GET", "/admin/providers", null);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String where() {
        return "the gateway at " + base;
    }

    @Override
    public JsonNode providers() {
        return call("GET", "/admin/providers", null);
    }

    @Override
    public JsonNode keys(String provider) {
        return call("GET", "/admin/providers/" + enc(provider) + "/keys", null);
    }

    @Override
    public JsonNode add(String provider, String secret, String id, Integer weight, String label) {
        ObjectNode body = JSON.createObjectNode().put("secret", secret);
        if (id != null) {
            body.put("id", id);
        }
        if (weight != null) {
            body.put("weight", weight);
        }
        if (label != null) {
            body.put("label", label);
        }
        return call("POST", "/admin/providers/" + enc(provider) + "/keys", body);
    }

    @Override
    public JsonNode act(KeyAction action, String provider, String id) {
        String p = "/admin/providers/" + enc(provider);
        if (action.onEveryKey()) {
            return call("POST", p + "/" + action.word(), null);
        }
        JsonNode answer = switch (action) {
            case ROTATE -> call("POST", p + "/rotate", null);
            case REMOVE -> call("DELETE", p + "/keys/" + enc(id), null);
            default -> call("POST", p + "/keys/" + enc(id) + "/" + action.word(), null);
        };
        return answer.get(action.answerField());
    }

    @Override
    public JsonNode strategy(String provider, String name) {
        return call("PUT", "/admin/providers/" + enc(provider) + "/strategy", JSON.createObjectNode().put("strategy", name));
    }

    @Override
    public JsonNode stats() {
        return call("GET", "/admin/stats", null);
    }

    @Override
    public byte[] export(char[] password) {
        HttpResponse<byte[]> r = sendOrFail("POST", "/admin/export", JSON.createObjectNode().put("password", new String(password)));
        if (r.statusCode() != 200) {
            throw failure(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    @Override
    public JsonNode importFile(byte[] file, char[] password) {
        return call("POST", "/admin/import", JSON.createObjectNode().put("password", new String(password))
                .put("file", Base64.getEncoder().encodeToString(file)));
    }

    @Override
    public JsonNode models(String provider, boolean refresh) {
        return call("GET", "/admin/providers/" + enc(provider) + "/models" + (refresh ? "?refresh=true" : ""), null);
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpResponse<byte[]> r = sendOrFail(method, path, body);
        String text = new String(r.body(), StandardCharsets.UTF_8);
        if (r.statusCode() / 100 != 2) {
            throw failure(r.statusCode(), text);
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw CliFailure.failed("the gateway at " + base + " answered something that is not JSON (status "
                    + r.statusCode() + ")");
        }
    }

    private CliFailure failure(int status, String body) {
        String message;
        try {
            message = JSON.readTree(body).at("/error/message").asText("");
        } catch (IOException e) {
            message = "";
        }
        if (message.isEmpty()) {
            message = "the gateway at " + base + " answered " + status;
        }
        if (status == 401) {
            message += " (the CLI sends KEYRELAY_ADMIN_TOKEN, else the admin-token file of the state dir)";
        }
        return CliFailure.failed(message);
    }

    private HttpResponse<byte[]> sendOrFail(String method, String path, JsonNode body) {
        try {
            return send(method, path, body);
        } catch (IOException e) {
            throw CliFailure.failed("no answer from the gateway at " + base + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private HttpResponse<byte[]> send(String method, String path, JsonNode body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void events(String provider, Consumer<String> each) {
        String path = "/admin/events" + (provider == null ? "" : "?provider=" + enc(provider));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<Stream<String>> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw CliFailure.failed("no answer from the gateway at " + base + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
        try (Stream<String> lines = r.body()) {
            if (r.statusCode() != 200) {
                throw failure(r.statusCode(), lines.collect(Collectors.joining("\n")));
            }
            lines.filter(l -> l.startsWith("data: ")).forEach(l -> each.accept(l.substring("data: ".length())));
        } catch (UncheckedIOException e) {
            // the connection ended
        }
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        // the JDK client needs no closing on Java 17
    }
}
