package org.keyrelay.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.JsonPointerBasedFilter;
import com.fasterxml.jackson.core.filter.TokenFilter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a provider finds the conversation a request belongs to (keyring {@code affinity:}), so the pool can keep a
 * conversation on one key: {@code none}, {@code header:NAME} (the value of that request header) or
 * {@code body:/json/pointer} (the value at that JSON pointer in the request body, e.g. {@code body:/metadata/user_id}).
 * <p>
 * The conversation id handed to the pool is a SHA-256 digest of the value: fixed size whatever the client sends,
 * and the value itself (a user id, a token) is never held. No value (no such header, no such field, a body that is
 * not JSON, an empty or null value): no affinity for that request.
 */
public sealed interface Affinity {

    /** The conversation id of a request, or null when it has none. */
    String conversation(List<Map.Entry<String, String>> headers, byte[] body);

    /** How the keyring spells it. */
    String configName();

    /** No affinity: every request is placed by the strategy. */
    record None() implements Affinity {

        @Override
        public String conversation(List<Map.Entry<String, String>> headers, byte[] body) {
            return null;
        }

        @Override
        public String configName() {
            return "none";
        }
    }

    /** The value of a request header. */
    record Header(String name) implements Affinity {

        @Override
        public String conversation(List<Map.Entry<String, String>> headers, byte[] body) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return digest(h.getValue());
                }
            }
            return null;
        }

        @Override
        public String configName() {
            return "header:" + name;
        }
    }

    /** The value at a JSON pointer in the body, found by a streaming parser (the body is not built into a tree). */
    record BodyPointer(String pointer) implements Affinity {

        private static final JsonFactory JSON = new JsonFactory();

        public BodyPointer {
            JsonPointer.compile(pointer);
        }

        @Override
        public String conversation(List<Map.Entry<String, String>> headers, byte[] body) {
            if (body.length == 0) {
                return null;
            }
            try (JsonParser p = new FilteringParserDelegate(JSON.createParser(body),
                    new JsonPointerBasedFilter(pointer), TokenFilter.Inclusion.ONLY_INCLUDE_ALL, false)) {
                JsonToken token = p.nextToken();
                if (token == null || token == JsonToken.VALUE_NULL) {
                    return null;
                }
                if (token.isScalarValue()) {
                    return digest(p.getText());
                }
                StringWriter structure = new StringWriter();
                try (JsonGenerator g = JSON.createGenerator(structure)) {
                    g.copyCurrentStructure(p);
                }
                return digest(structure.toString());
            } catch (IOException | RuntimeException notJson) {
                return null;
            }
        }

        @Override
        public String configName() {
            return "body:" + pointer;
        }
    }

    Affinity NONE = new None();

    static Affinity parse(String text) {
        String value = text == null ? "" : text.strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("none")) {
            return NONE;
        }
        if (lower.startsWith("header:") && HeaderNames.isToken(value.substring("header:".length()))) {
            return new Header(value.substring("header:".length()));
        }
        if (lower.startsWith("body:")) {
            String pointer = value.substring("body:".length());
            if (pointer.startsWith("/") && pointer.length() > 1) {
                try {
                    return new BodyPointer(pointer);
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("'" + text + "': " + bad.getMessage());
                }
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of none, header:NAME, body:/json/pointer "
                + "(like header:x-session-id or body:/metadata/user_id)");
    }

    private static String digest(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
