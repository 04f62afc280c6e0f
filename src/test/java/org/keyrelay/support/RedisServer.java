package org.keyrelay.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for a test, on a free loopback port, without persistence ({@code --save ''
 * --appendonly no}), started by the test and stopped after it. {@link #kill()} ends it as a crash would (SIGKILL);
 * {@link #start()} brings it back, empty, on the same port.
 * <p>
 * Without redis-server on this machine the test fails, saying how to install it: the shared-state tests never pass
 * by skipping.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final int port;
    private final Path dir;
    private final String binary;
    private Process process;

    private RedisServer(int port, Path dir, String binary) {
        this.port = port;
        this.dir = dir;
        this.binary = binary;
    }

    /** Starts a redis-server on a free port; its log goes to {@code dir}. */
    public static RedisServer start(Path dir) throws IOException, InterruptedException {
        RedisServer server = new RedisServer(freePort(), dir, binary());
        server.start();
        return server;
    }

    private static String binary() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "redis-server");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException("redis-server is not installed, and the shared key state tests need a real one. "
                + "Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis) and "
                + "run the tests again; they start their own server on a free loopback port.");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the server (again, empty) on its port, and waits until it answers PING. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Files.createDirectories(dir);
        process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis-" + port + ".log").toFile()))
                .start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("redis-server did not start on port " + port + ": see "
                        + dir.resolve("redis-" + port + ".log"));
            }
            Thread.sleep(20);
        }
    }

    /** Ends the server at once, as a crash would. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    public int port() {
        return port;
    }

    /** The --state value for gateways using this server. */
    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return n == 7 && new String(buf, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
