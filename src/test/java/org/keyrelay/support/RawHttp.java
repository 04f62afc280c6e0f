package org.keyrelay.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain socket to the gateway, for what an HTTP client library will not send: malformed and stalled requests,
 * pipelining, a connection that just sits there. Reads answers as text.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(readTimeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Opens a connection to the port of a URL such as {@code http://127.0.0.1:1234/...}. */
    public static RawHttp to(String url, int readTimeoutMillis) throws IOException {
        return new RawHttp(java.net.URI.create(url).getPort(), readTimeoutMillis);
    }

    public RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Everything the gateway sends until it closes the connection or the read timeout passes. */
    public String readAll() throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // what arrived so far
        } catch (IOException e) {
            if (got.size() == 0) {
                throw e;
            }
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** Reads until {@code count} complete answers with a Content-Length have arrived (or the timeout passes). */
    public String readAnswers(int count) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            while (complete(got.toString(StandardCharsets.UTF_8)) < count) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // what arrived so far
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** Whether the gateway closed the connection (a read returns end of stream, or the connection was reset). */
    public boolean closedByPeer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static int complete(String text) {
        int count = 0;
        int at = 0;
        while (true) {
            int head = text.indexOf("\r\n\r\n", at);
            if (head < 0) {
                return count;
            }
            String headers = text.substring(at, head).toLowerCase(java.util.Locale.ROOT);
            int cl = headers.indexOf("content-length:");
            int length = 0;
            if (cl >= 0) {
                int end = headers.indexOf("\r\n", cl);
                length = Integer.parseInt(headers.substring(cl + 15, end < 0 ? headers.length() : end).strip());
            }
            if (text.length() < head + 4 + length) {
                return count;
            }
            count++;
            at = head + 4 + length;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
