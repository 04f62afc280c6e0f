package org.keyrelay.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Time from starting a command (the gateway's {@code java -jar ...}) to the first successful (200) answer to a
 * POST through it, polled every 2 ms with a plain socket; {@code --runs} times, the gateway stopped (SIGTERM,
 * waited for) between runs. This tool is started first, so its own JVM start is not counted.
 * <p>
 * Usage: {@code Startup --url U [--body JSON] [--header "N: v"]... [--runs 5] [--label L] [--log FILE] -- command...}
 */
public final class Startup {

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        URI url = URI.create(a.required("--url"));
        String body = a.string("--body", "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
        int runs = a.integer("--runs", 5);
        String label = a.string("--label", "startup");
        File log = new File(a.string("--log", "/dev/null"));
        List<String> command = a.rest();
        byte[] request = request(url, body, a.all("--header"));
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            double ms = -1;
            while (System.nanoTime() < deadline && p.isAlive()) {
                if (ok(url, request)) {
                    ms = (System.nanoTime() - t0) / 1e6;
                    break;
                }
                Thread.sleep(2);
            }
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            if (ms < 0) {
                Out.kv(label + ".error", "run " + (r + 1) + ": no successful answer (exit " + p.exitValue() + "), see " + log);
                return;
            }
            times.add(ms);
            Thread.sleep(300);
        }
        List<Double> sorted = new ArrayList<>(times);
        sorted.sort(null);
        Out.kv(label + ".runs_ms", String.join(" ", times.stream().map(Startup::ms).toList()));
        Out.kv(label + ".median_ms", ms(sorted.get(sorted.size() / 2)));
        Out.kv(label + ".min_ms", ms(sorted.get(0)));
        Out.kv(label + ".max_ms", ms(sorted.get(sorted.size() - 1)));
    }

    private static boolean ok(URI url, byte[] request) {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(url.getHost(), url.getPort()), 200);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = new byte[12];
            int n = 0;
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    return false;
                }
                n += r;
            }
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] request(URI url, String body, List<String> headers) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder r = new StringBuilder()
                .append("POST ").append(url.getRawPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(b.length).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach(h -> r.append(h).append("\r\n"));
        r.append("\r\n");
        byte[] head = r.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + b.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(b, 0, all, head.length, b.length);
        return all;
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
