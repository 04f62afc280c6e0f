package org.keyrelay.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keyrelay.support.FreePort;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * Keyrelay in a real Karaf 4.4: unpacks the distribution (the build does), boots it with {@code bin/karaf server},
 * and installs Keyrelay the way the README says, through {@code bin/client}: {@code feature:repo-add} of the
 * keyrelay-karaf features file, {@code feature:install keyrelay}. The Camel runtime comes from a test-only
 * features file (camel-runtime-features.xml: plain Camel jars wrapped into bundles), because camel-karaf's own
 * bundles are not served to this build; camel-karaf's repository, which keyrelay's features file references, is
 * blacklisted for that. Then a request goes through the gateway to a stub upstream on loopback whose first key
 * answers 429: the second key answers, and the cooldown reaches ${karaf.data}/keyrelay. Then what an operator
 * edits while it runs: the keyring, a route file, etc/org.keyrelay.cfg (a new port; a bad value, refused).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafGatewayIT {

    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static Path home;
    private static Process karaf;
    private static StubUpstream upstream;
    private static int gatewayPort;
    private static Duration installTook;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void bootKarafAndInstallKeyrelay() throws Exception {
        home = Path.of(System.getProperty("keyrelay.karaf.home"));
        upstream = new StubUpstream();
        int sshPort = FreePort.next();
        gatewayPort = FreePort.next();
        prepare(sshPort);

        Instant start = Instant.now();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_MAX_MEM", "512m");
        karaf = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(KarafGatewayIT::stopProcesses));
        awaitPort(sshPort, BOOT);

        String out = client(sshPort,
                "feature:repo-add " + home.resolve("camel-runtime-features.xml").toUri(),
                "feature:repo-add mvn:org.keyrelay/keyrelay-karaf/" + System.getProperty("keyrelay.version") + "/xml/features",
                "feature:install keyrelay");
        awaitGateway(BOOT, out);
        installTook = Duration.between(start, Instant.now());
        System.out.println("Karaf booted and Keyrelay answered in " + installTook.toMillis() + " ms\n" + out);
    }

    @AfterAll
    static void stopKaraf() {
        stopProcesses();
        if (upstream != null) {
            upstream.close();
        }
    }

    /** bin/karaf runs Karaf's JVM as its child: stop that (Karaf shuts down cleanly on SIGTERM), then the script. */
    private static synchronized void stopProcesses() {
        if (karaf == null) {
            return;
        }
        List<ProcessHandle> tree = new java.util.ArrayList<>(karaf.descendants().toList());
        tree.add(karaf.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                p.destroyForcibly();
            }
        }
        karaf = null;
    }

    @Test
    @Order(1)
    void should_rotate_to_the_second_key_when_the_first_answers_429() throws Exception {
        upstream.script("sk-first-0001", Answer.json(429,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}").withHeader("Retry-After", "600"));

        HttpResponse<String> r = chat();

        assertEquals(200, r.statusCode(), r.body());
        assertEquals("second", r.headers().firstValue("X-Keyrelay-Key").orElse(null));
        assertEquals("2", r.headers().firstValue("X-Keyrelay-Attempts").orElse(null));
        List<String> keys = upstream.received().stream().map(StubUpstream.Received::key).toList();
        assertEquals(List.of("sk-first-0001", "sk-second-0002"), keys);
        assertEquals(CHAT, upstream.received().get(1).body());

        // the cooldown is kept in Karaf's data folder
        Path state = home.resolve("data/keyrelay/state.json");
        String saved = eventually(Duration.ofSeconds(10), () -> Files.isRegularFile(state) ? Files.readString(state) : "",
                s -> s.contains("\"first\"") && s.contains("RATE_LIMITED"));
        assertTrue(!saved.contains("sk-first"), "no secret in the state file");
    }

    @Test
    @Order(2)
    void should_install_the_routes_and_settings_into_etc() {
        assertTrue(Files.isRegularFile(home.resolve("etc/keyrelay/routes/gateway.camel.yaml")));
        assertTrue(Files.isRegularFile(home.resolve("etc/keyrelay/routes/errors.camel.yaml")));
        assertTrue(Files.isRegularFile(home.resolve("etc/org.keyrelay.cfg")));
    }

    @Test
    @Order(3)
    void should_apply_a_keyring_edit_without_a_restart() throws Exception {
        Path keyring = home.resolve("etc/keyrelay/keyring.yaml");
        Files.writeString(keyring, Files.readString(keyring).replace("    keys:\n",
                "    keys:\n      - {id: third, secret: sk-third-0003}\n"));

        String key = eventually(Duration.ofSeconds(20), () -> chat().headers().firstValue("X-Keyrelay-Key").orElse(""),
                "third"::equals);
        assertEquals("third", key);
    }

    @Test
    @Order(4)
    void should_reload_an_edited_route_file_and_keep_serving() throws Exception {
        Path routes = home.resolve("etc/keyrelay/routes/gateway.camel.yaml");
        Files.writeString(routes, Files.readString(routes)
                .replace("description: Client requests on", "description: Edited in Karaf, client requests on"));

        eventually(Duration.ofSeconds(30), () -> Files.readString(home.resolve("data/log/karaf.log")),
                log -> log.contains("Routes reloaded from " + routes.getParent()));
        HttpResponse<String> r = eventually(Duration.ofSeconds(10), KarafGatewayIT::chat, a -> a.statusCode() == 200);
        assertEquals("third", r.headers().firstValue("X-Keyrelay-Key").orElse(null));
    }

    @Test
    @Order(5)
    void should_restart_on_the_new_port_when_org_keyrelay_cfg_changes_and_keep_the_key_state() throws Exception {
        int oldPort = gatewayPort;
        int newPort = FreePort.next();
        Files.writeString(home.resolve("etc/org.keyrelay.cfg"), "host = 127.0.0.1\nport = " + newPort + "\n");
        gatewayPort = newPort;

        HttpResponse<String> r = eventually(Duration.ofSeconds(30), KarafGatewayIT::chat, a -> a.statusCode() == 200);
        // the state dir's lock passed from the stopped gateway to the new one; "first" is still cooling
        assertEquals("third", r.headers().firstValue("X-Keyrelay-Key").orElse(null));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", oldPort), 500);
            fail("the old port " + oldPort + " still accepts connections");
        } catch (IOException closed) {
            // as it should be
        }
    }

    @Test
    @Order(6)
    void should_refuse_a_bad_setting_and_keep_serving() throws Exception {
        Files.writeString(home.resolve("etc/org.keyrelay.cfg"), "host = 127.0.0.1\nport = eighty\n");

        eventually(Duration.ofSeconds(20), () -> Files.readString(home.resolve("data/log/karaf.log")),
                log -> log.contains("Settings change refused: etc/org.keyrelay.cfg: port: 'eighty' is not a port (1-65535)"));
        assertEquals(200, chat().statusCode());
    }

    // ---- Karaf

    /** A fresh Karaf: no data from an earlier run, loopback-only ports, the karaf user, this build's artifacts. */
    private static void prepare(int sshPort) throws IOException {
        deleteTree(home.resolve("data"));
        deleteTree(home.resolve("instances"));
        deleteTree(home.resolve("etc/keyrelay"));
        Files.deleteIfExists(home.resolve("etc/org.keyrelay.cfg"));

        String repo = System.getProperty("maven.repo.local");
        replaceAll(home.resolve("etc/org.ops4j.pax.url.mvn.cfg"), List.of(
                "org.ops4j.pax.url.mvn.localRepository=" + repo,
                "org.ops4j.pax.url.mvn.repositories=https://repo.maven.apache.org/maven2@id=central"));
        replaceAll(home.resolve("etc/org.apache.karaf.shell.cfg"), List.of(
                "sshPort = " + sshPort, "sshHost = 127.0.0.1", "hostKey = ${karaf.etc}/host.key"));
        replaceAll(home.resolve("etc/org.apache.karaf.management.cfg"), List.of(
                "rmiRegistryPort = " + FreePort.next(), "rmiRegistryHost = 127.0.0.1",
                "rmiServerPort = " + FreePort.next(), "rmiServerHost = 127.0.0.1", "jmxRealm = karaf",
                "serviceUrl = service:jmx:rmi://${rmiServerHost}:${rmiServerPort}/jndi/rmi://${rmiRegistryHost}:${rmiRegistryPort}/karaf-${karaf.name}",
                "daemon = true", "threaded = true", "objectName = connector:name=rmi"));
        Files.writeString(home.resolve("etc/users.properties"),
                "karaf = karaf,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        // camel-karaf's bundles are not served here: its repository is not loaded, the test runtime stands in
        Files.writeString(home.resolve("etc/org.apache.karaf.features.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <featuresProcessing xmlns="http://karaf.apache.org/xmlns/features-processing/v1.0.0">
                    <blacklistedRepositories>
                        <repository>mvn:org.apache.camel.karaf/apache-camel/[4,5)/xml/features</repository>
                    </blacklistedRepositories>
                </featuresProcessing>
                """);
        Path testFeatures = Path.of(System.getProperty("keyrelay.test.features",
                "target/test-classes/camel-runtime-features.xml"));
        Files.copy(testFeatures, home.resolve("camel-runtime-features.xml"), StandardCopyOption.REPLACE_EXISTING);

        // this build's artifacts, where mvn:org.keyrelay/keyrelay-karaf/<version>/... finds them (Karaf's system repository)
        String v = System.getProperty("keyrelay.version");
        Path system = Files.createDirectories(home.resolve("system/org/keyrelay/keyrelay-karaf/" + v));
        String base = "keyrelay-karaf-" + v;
        copy(Path.of(System.getProperty("keyrelay.bundle")), system.resolve(base + ".jar"));
        copy(Path.of(System.getProperty("keyrelay.features")), system.resolve(base + "-features.xml"));
        copy(Path.of(System.getProperty("keyrelay.cfg")), system.resolve(base + ".cfg"));
        copy(Path.of("../config/keyring.yaml"), system.resolve(base + "-keyring.yaml"));
        copy(Path.of("../routes/gateway.camel.yaml"), system.resolve(base + "-gateway-routes.yaml"));
        copy(Path.of("../routes/errors.camel.yaml"), system.resolve(base + "-errors-routes.yaml"));

        // what an operator writes before installing: the port, and a keyring with two keys on the stub upstream
        Files.writeString(home.resolve("etc/org.keyrelay.cfg"), "host = 127.0.0.1\nport = " + gatewayPort + "\n");
        Files.createDirectories(home.resolve("etc/keyrelay"));
        Files.writeString(home.resolve("etc/keyrelay/keyring.yaml"), """
                providers:
                  - id: stub
                    upstream: %s
                    auth: bearer
                    strategy: fill-first
                    keys:
                      - {id: first, secret: sk-first-0001}
                      - {id: second, secret: sk-second-0002}
                """.formatted(upstream.baseUrl()));
    }

    /** Runs Karaf shell commands through bin/client; fails the test with the output when one of them failed. */
    private static String client(int sshPort, String... commands) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", Integer.toString(sshPort),
                "-h", "127.0.0.1", "-u", "karaf", "-p", "karaf", "-r", "30", "-d", "1", "-b")
                .directory(home.toFile())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("bin/client did not finish:\n" + out + karafLog());
        }
        if (p.exitValue() != 0 || out.contains("Error executing command")) {
            fail("Karaf commands failed (exit " + p.exitValue() + "):\n" + out + karafLog());
        }
        return out;
    }

    private static void awaitGateway(Duration limit, String clientOutput) throws Exception {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            assertKarafRunning();
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(gateway("/nope")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 404 && r.body().contains("stub")) {
                    return;
                }
            } catch (ConnectException notYet) {
                // the component has not started yet
            }
            Thread.sleep(250);
        }
        fail("The gateway did not answer on port " + gatewayPort + " within " + limit.toSeconds() + " s\n"
                + clientOutput + karafLog());
    }

    private static void awaitPort(int port, Duration limit) throws Exception {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            assertKarafRunning();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        fail("Karaf's SSH port did not open within " + limit.toSeconds() + " s" + karafLog());
    }

    private static void assertKarafRunning() throws IOException {
        if (!karaf.isAlive()) {
            fail("Karaf exited with " + karaf.exitValue() + ":\n" + Files.readString(home.resolve("console.log")) + karafLog());
        }
    }

    private static String karafLog() {
        Path log = home.resolve("data/log/karaf.log");
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n--- last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "\n(no " + log + ")";
        }
    }

    // ---- helpers

    private static HttpResponse<String> chat() throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(gateway("/stub/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    private interface Read<T> {
        T get() throws IOException;
    }

    /** Reads until {@code ok} holds (an I/O failure counts as not yet), within {@code limit}. */
    private static <T> T eventually(Duration limit, Read<T> read, java.util.function.Predicate<T> ok) throws Exception {
        Instant end = Instant.now().plus(limit);
        T last = null;
        IOException failure = null;
        while (Instant.now().isBefore(end)) {
            try {
                last = read.get();
                failure = null;
                if (ok.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                failure = e;
            }
            Thread.sleep(200);
        }
        String seen = String.valueOf(failure != null ? failure : last);
        fail("not reached within " + limit.toSeconds() + " s: " + seen.substring(0, Math.min(300, seen.length())) + karafLog());
        return last;
    }

    /** Replaces the settings named in {@code lines} (name before '=') in a .cfg file, keeping the others. */
    private static void replaceAll(Path cfg, List<String> lines) throws IOException {
        List<String> names = lines.stream().map(l -> l.substring(0, l.indexOf('=')).strip()).toList();
        StringBuilder out = new StringBuilder();
        boolean continued = false;
        for (String line : Files.readAllLines(cfg)) {
            boolean skip = continued;
            if (!continued && line.contains("=") && !line.stripLeading().startsWith("#")) {
                skip = names.contains(line.substring(0, line.indexOf('=')).strip());
            }
            continued = skip && line.endsWith("\\");
            if (!skip) {
                out.append(line).append('\n');
            }
        }
        lines.forEach(l -> out.append(l).append('\n'));
        Files.writeString(cfg, out.toString());
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
