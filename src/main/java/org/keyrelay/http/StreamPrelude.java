package org.keyrelay.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Watches the start of a 200 stream until its first real event, to catch an error the provider sends as the
 * first thing (an NDJSON {@code {"error":...}} line, an SSE {@code event: error}, a {@code data: {"error":...}}).
 * Until it has decided, nothing goes to the client, so such an error can still be rotated like a status error.
 * SSE comments and blank lines do not decide. Past {@link #LIMIT} bytes without a decision the stream counts as content.
 */
public final class StreamPrelude {

    public static final int LIMIT = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    public sealed interface Decision {
        record NeedMore() implements Decision {}

        record Content() implements Decision {}

        /** @param payload the error's JSON (or text) */
        record Error(String payload) implements Decision {}
    }

    private final boolean sse;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    public StreamPrelude(String contentType) {
        this.sse = contentType != null && HeaderNames.lower(contentType).startsWith("text/event-stream");
    }

    /** Adds bytes and decides if it can. */
    public Decision offer(byte[] bytes) {
        seen.writeBytes(bytes);
        String text = seen.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        Decision decision = sse ? sseDecision(text) : ndjsonDecision(text);
        if (decision instanceof Decision.NeedMore && seen.size() > LIMIT) {
            return new Decision.Content();
        }
        return decision;
    }

    /** Everything seen so far, to send on once the stream counts as content. */
    public byte[] buffered() {
        return seen.toByteArray();
    }

    private static Decision sseDecision(String text) {
        int start = 0;
        int end;
        while ((end = text.indexOf("\n\n", start)) >= 0) {
            String event = text.substring(start, end);
            start = end + 2;
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : event.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if ("error".equals(name)) {
                return new Decision.Error(data.toString());
            }
            if (data.length() > 0) {
                return hasErrorField(data.toString()) ? new Decision.Error(data.toString()) : new Decision.Content();
            }
            if (name != null) {
                return new Decision.Content();
            }
        }
        return new Decision.NeedMore();
    }

    private static Decision ndjsonDecision(String text) {
        int start = 0;
        int end;
        while ((end = text.indexOf('\n', start)) >= 0) {
            String line = text.substring(start, end).strip();
            start = end + 1;
            if (!line.isEmpty()) {
                return hasErrorField(line) ? new Decision.Error(line) : new Decision.Content();
            }
        }
        return new Decision.NeedMore();
    }

    private static boolean hasErrorField(String json) {
        if (!json.startsWith("{")) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.hasNonNull("error") && !node.path("done").asBoolean(false);
        } catch (Exception e) {
            return false;
        }
    }
}
