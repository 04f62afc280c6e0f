package org.keyrelay.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP proxy on loopback, as a company proxy is: CONNECT tunnels, and requests in absolute form
 * ({@code POST http://host:port/path}) forwarded in origin form, one per connection ({@code Connection: close}
 * upstream). It remembers each CONNECT line, each forwarded request line and each {@code Proxy-Authorization}.
 * Whatever host a request names, it connects to that port on 127.0.0.1 (tests never leave loopback; a name only
 * the proxy can "resolve", like {@code upstream.test}, proves the gateway did not resolve it itself).
 */
public final class HttpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> connects = new CopyOnWriteArrayList<>();
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public HttpProxy() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accept = new Thread(this::accept, "connect-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The CONNECT request lines seen, in order ("CONNECT upstream.test:443 HTTP/1.1"). */
    public List<String> connects() {
        return List.copyOf(connects);
    }

    /** The request lines forwarded, as the gateway sent them ("POST http://upstream.test:8080/v1/x HTTP/1.1"). */
    public List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    /** The Proxy-Authorization values seen, in order. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                daemon(() -> tunnel(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = head(in);
            String line = head.substring(0, head.indexOf("\r\n"));
            String[] parts = line.split(" ");
            header(head, "Proxy-Authorization").ifPresent(authorizations::add);
            if (parts[0].equals("CONNECT")) {
                connects.add(line);
                Socket upstream = upstream(parts[1]);
                out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                daemon(() -> pump(upstream, client));
                pump(client, upstream);
            } else if (parts[1].startsWith("http://")) {
                forwarded.add(line);
                URI target = URI.create(parts[1]);
                Socket upstream = upstream(target.getHost() + ":" + target.getPort());
                upstream.getOutputStream().write(originForm(head, parts, target).getBytes(StandardCharsets.US_ASCII));
                daemon(() -> pump(client, upstream));
                pump(upstream, client);
            } else {
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                client.close();
            }
        } catch (IOException | RuntimeException e) {
            close(client);
        }
    }

    private Socket upstream(String hostPort) throws IOException {
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)));
        sockets.add(upstream);
        return upstream;
    }

    /** The request head as the upstream gets it: origin form, without the proxy's headers, the connection closed after. */
    private static String originForm(String head, String[] line, URI target) {
        StringBuilder out = new StringBuilder(line[0] + " " + target.getRawPath()
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()) + " " + line[2] + "\r\n");
        for (String h : head.substring(head.indexOf("\r\n") + 2, head.length() - 4).split("\r\n")) {
            String name = h.substring(0, h.indexOf(':')).toLowerCase(Locale.ROOT);
            if (!name.equals("proxy-authorization") && !name.equals("connection")) {
                out.append(h).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    private static Optional<String> header(String head, String name) {
        for (String h : head.split("\r\n")) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).equalsIgnoreCase(name)) {
                return Optional.of(h.substring(colon + 1).strip());
            }
        }
        return Optional.empty();
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            seen.write(b);
            String text = seen.toString(StandardCharsets.US_ASCII);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        throw new IOException("closed before the request head ended");
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ended) {
            // one side closed
        } finally {
            close(from);
            close(to);
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "connect-proxy-tunnel");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(HttpProxy::close);
    }
}
