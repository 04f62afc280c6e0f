package org.keyrelay.failure;

import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names the kind of a connection failure for a TRANSIENT verdict's reason. Only exception TYPES
 * are inspected and named: messages may hold URLs, hosts or keys, so they are never copied (the
 * one exception is a case-insensitive test for "reset" to tell a reset from other socket errors).
 */
final class ConnectionFailures {

    private static final int MAX_CAUSES = 16;

    private ConnectionFailures() {
    }

    static String reason(Throwable failure) {
        if (failure == null) {
            return "connection failure";
        }
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable root = failure;
        for (Throwable t = failure; t != null && seen.size() < MAX_CAUSES && seen.put(t, true) == null; t = t.getCause()) {
            String kind = kind(t);
            if (kind != null) {
                return kind;
            }
            root = t;
        }
        return "connection failure (" + root.getClass().getSimpleName() + ")";
    }

    private static String kind(Throwable t) {
        String type = t.getClass().getSimpleName();
        if (t instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (type.contains("Timeout")) { // SocketTimeoutException, HttpTimeoutException, TimeoutException, Netty's
            return "timeout";
        }
        if (t instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (t instanceof javax.net.ssl.SSLException) {
            return "TLS failure";
        }
        String message = t.getMessage();
        if (message != null && message.toLowerCase(Locale.ROOT).contains("reset")) {
            return "connection reset";
        }
        if (t instanceof java.nio.channels.ClosedChannelException || type.contains("Closed")) {
            return "connection closed";
        }
        return null;
    }
}
