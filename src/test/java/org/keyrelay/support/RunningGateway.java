package org.keyrelay.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.main.Main;
import org.keyrelay.Gateway;
import org.keyrelay.KeyrelayApplication;
import org.keyrelay.camel.ManagementServer;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyView;

/**
 * The real gateway (the application's own assembly, the YAML routes in routes/, Netty on a free loopback port)
 * started for a test from a keyring text, with a state dir of the test's own and a movable clock. With
 * {@code KEYRELAY_STATE} in its environment map it shares key state through that Redis.
 */
public final class RunningGateway implements AutoCloseable {

    private final Main main;
    private final int port;
    private final Path stateDir;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RunningGateway(Main main, int port, Path stateDir) {
        this.main = main;
        this.port = port;
        this.stateDir = stateDir;
    }

    public static RunningGateway start(Path dir, String keyringYaml, MutableClock clock) throws Exception {
        return start(dir, keyringYaml, clock, Map.of());
    }

    public static RunningGateway start(Path dir, String keyringYaml, MutableClock clock, Map<String, String> env)
            throws Exception {
        return start(dir, keyringYaml, clock, env, null);
    }

    /** @param routes a directory of route files (watched for edits), or null for the project's routes/ */
    public static RunningGateway start(Path dir, String keyringYaml, MutableClock clock, Map<String, String> env,
                                       Path routes) throws Exception {
        return start(dir, keyringYaml, clock, env, routes, Map.of());
    }

    /** @param properties application.properties settings to override ("keyrelay.console.login-on-loopback"...) */
    public static RunningGateway start(Path dir, String keyringYaml, MutableClock clock, Map<String, String> env,
                                       Path routes, Map<String, String> properties) throws Exception {
        Path keyring = dir.resolve("keyring.yaml");
        Files.writeString(keyring, keyringYaml);
        Path stateDir = dir.resolve("state");
        int port = FreePort.next();
        GatewaySettings settings = new GatewaySettings(keyring, "127.0.0.1", port, stateDir, routes,
                env.containsKey("KEYRELAY_CLIENT_TOKENS") ? List.of(env.get("KEYRELAY_CLIENT_TOKENS").split(",")) : List.of())
                .withState(env.get("KEYRELAY_STATE")); // shared key state (redis://...), when the test gives one
        Main main = KeyrelayApplication.create(settings, env, clock);
        properties.forEach(main::addOverrideProperty);
        main.start();
        return new RunningGateway(main, port, stateDir);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public Path stateDir() {
        return stateDir;
    }

    public Gateway gateway() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("gateway", Gateway.class);
    }

    /** The key pool of {@code provider}. */
    public KeyPool pool(String provider) {
        return gateway().provider(provider).orElseThrow().pool();
    }

    /** Key {@code id} of {@code provider}, as its pool sees it now. */
    public KeyView key(String provider, String id) {
        return pool(provider).view().stream().filter(k -> k.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no key " + id + " in provider " + provider));
    }

    public Main main() {
        return main;
    }

    /** The admin API's URL for {@code path} (the management port is a free one, picked at start). */
    public String adminUrl(String path) {
        return main.getCamelContext().getRegistry().lookupByNameAndType("managementServer", ManagementServer.class).url()
                + path;
    }

    /** The admin token the gateway made at its first start. */
    public String adminToken() throws IOException {
        return Files.readString(stateDir.resolve("admin-token")).strip();
    }

    /** A GET on the management port without credentials (/metrics, /health, /hawtio/...). */
    public HttpResponse<String> management(String path) throws IOException, InterruptedException {
        return adminAs(null, "GET", path, null);
    }

    /** An admin API call with the right token; {@code json} null for no body. */
    public HttpResponse<String> admin(String method, String path, String json) throws IOException, InterruptedException {
        return adminAs("Bearer " + adminToken(), method, path, json);
    }

    /** An admin API call with {@code authorization} as it is (null: no header). */
    public HttpResponse<String> adminAs(String authorization, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(adminUrl(path))).timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpClient client() {
        return client;
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
