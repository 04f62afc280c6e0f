package org.keyrelay.camel.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.keyrelay.admin.AdminToken;

/**
 * On a console without a login (loopback), reading stays open but changing does not: a Jolokia {@code exec} or
 * {@code write} on keyrelay's MBeans (the only ones the access policy lets anyone change) needs the admin token, as
 * {@code Authorization: Bearer <token>} or the console's own login ({@code Basic admin:<token>}); otherwise 401. So a
 * local user or program without the token cannot disable keys through the console. The policy itself refuses every
 * other change.
 */
final class ConsoleOperationsFilter implements Filter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 1024 * 1024;

    private final AdminToken token;

    ConsoleOperationsFilter(AdminToken token) {
        this.token = token;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletRequest passed = http;
        boolean changes;
        if ("POST".equalsIgnoreCase(http.getMethod())) {
            byte[] body = http.getInputStream().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                ((HttpServletResponse) response).sendError(413, "Jolokia request too large");
                return;
            }
            changes = postChanges(body);
            passed = new Replayed(http, body);
        } else {
            String path = http.getParameter("p") != null ? http.getParameter("p") : http.getPathInfo();
            changes = pathChanges(path);
        }
        if (changes && !authorized(http.getHeader("Authorization"))) {
            HttpServletResponse out = (HttpServletResponse) response;
            out.setStatus(401);
            out.setContentType("application/json");
            out.getOutputStream().write(("{\"error\":{\"type\":\"unauthorized\",\"message\":\"Console operations need the"
                    + " admin token: Authorization: Bearer <admin token>, or the console login (user admin).\"}}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(passed, response);
    }

    /** Whether a POSTed Jolokia request (one, or a bulk list) writes or runs an operation on a keyrelay MBean. */
    static boolean postChanges(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return true; // not JSON Jolokia can read either: treated as a change, so it needs the token
        }
        if (root == null) {
            return false;
        }
        if (root.isArray()) {
            for (JsonNode one : root) {
                if (changes(one)) {
                    return true;
                }
            }
            return false;
        }
        return changes(root);
    }

    private static boolean changes(JsonNode request) {
        String type = request.path("type").asText("").toLowerCase(Locale.ROOT);
        String mbean = request.path("mbean").asText("").strip().toLowerCase(Locale.ROOT);
        return (type.equals("exec") || type.equals("write")) && mbean.startsWith("keyrelay:");
    }

    /** Whether a GET path ({@code /exec/<mbean>/...}, {@code /write/<mbean>/...}) changes a keyrelay MBean. */
    static boolean pathChanges(String path) {
        if (path == null) {
            return false;
        }
        String p = URLDecoder.decode(path, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return (p.startsWith("exec/") || p.startsWith("write/")) && p.substring(p.indexOf('/') + 1).strip().startsWith("keyrelay:");
    }

    private boolean authorized(String authorization) {
        if (authorization == null) {
            return false;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return token.matches(authorization.substring(7).strip());
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon > 0 && pair.substring(0, colon).equals(AdminLoginModule.USER)
                        && token.matches(pair.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    /** The request with its body read once here and given again to Jolokia. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(), java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
