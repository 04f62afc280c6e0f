package org.keyrelay.store.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the shared key state lives: {@code redis://[[user]:password@]host[:port][/db]} (port 6379 and db 0 by default).
 * The password is a secret: {@link #toString()} never shows it.
 */
public record RedisLocation(String host, int port, int database, String user, String password) {

    public static final int DEFAULT_PORT = 6379;

    /**
     * @param setting the flag or variable it came from, named in the error
     * @throws IllegalArgumentException naming the setting, the bad value (without a password) and what is allowed
     */
    public static RedisLocation parse(String text, String setting) {
        String allowed = "expected redis://host:port/db (for example redis://127.0.0.1:6379/0)";
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + ": '" + masked(text) + "' is not a URL; " + allowed);
        }
        if (!"redis".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException(setting + ": '" + masked(text) + "' is not a Redis URL; " + allowed);
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        int db = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                db = -1;
            }
            if (db < 0) {
                throw new IllegalArgumentException(setting + ": database '" + path.substring(1) + "' in '" + masked(text)
                        + "' is not a number (0, 1, 2...); " + allowed);
            }
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            String u = colon < 0 ? "" : info.substring(0, colon);
            user = u.isEmpty() ? null : decode(u);
            password = decode(colon < 0 ? info : info.substring(colon + 1));
        }
        return new RedisLocation(uri.getHost(), port, db, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The text with any password replaced, for error messages. */
    static String masked(String text) {
        return text == null ? null : text.replaceAll("(//[^/@]*:)[^/@]*@", "$1***@");
    }

    @Override
    public String toString() {
        return "redis://" + (password != null ? (user != null ? user : "") + ":***@" : "") + host + ":" + port + "/"
                + database;
    }
}
