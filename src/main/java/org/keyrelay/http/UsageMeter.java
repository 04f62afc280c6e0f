package org.keyrelay.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.keyrelay.pool.TokenUsage;

/**
 * Reads the tokens an answer used from what the relay already sees, in the three shapes providers use:
 * <ul>
 *   <li>OpenAI (and compatible: Kimi, OpenRouter, Ollama's /v1): {@code usage.prompt_tokens} /
 *       {@code usage.completion_tokens}, in the JSON answer or in the last SSE chunk of a stream (with
 *       {@code stream_options.include_usage}); a {@code usage} inside a choice counts too.</li>
 *   <li>Anthropic (and Kimi's /v1/messages, OpenAI's Responses API): {@code usage.input_tokens} /
 *       {@code usage.output_tokens}; in a stream, {@code message_start} carries the input and
 *       {@code message_delta} the final output count.</li>
 *   <li>Ollama's native API: top-level {@code prompt_eval_count} / {@code eval_count}, in the answer or in the final
 *       {@code "done":true} NDJSON line.</li>
 * </ul>
 * When a count is stated more than once, the last one wins (stream counts are cumulative).
 * <p>
 * Streams are fed chunk by chunk ({@link #accept}). A line is parsed only if it names a token count
 * ({@code _tokens"} or {@code eval_count"}), with a streaming parser that builds no tree; every other line costs one
 * scan for its end. Only the unfinished last line is kept between chunks, and never more than {@link #LINE_LIMIT}
 * bytes of it. Not thread-safe: one meter per answer, fed in order.
 */
public final class UsageMeter {

    static final int LINE_LIMIT = 1024 * 1024;
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] TOKENS_MARK = "_tokens\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVAL_MARK = "eval_count\"".getBytes(StandardCharsets.US_ASCII);

    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private boolean overflowed;
    private long in = -1;
    private long out = -1;

    /** The tokens of a whole (buffered) answer: one JSON document, NDJSON lines, or SSE events. */
    public static TokenUsage ofBody(byte[] body) {
        UsageMeter meter = new UsageMeter();
        if (!contains(body, 0, body.length, TOKENS_MARK) && !contains(body, 0, body.length, EVAL_MARK)) {
            return TokenUsage.NONE;
        }
        try (JsonParser p = JSON.createParser(body)) {
            meter.scan(p);
            return meter.usage();
        } catch (IOException | RuntimeException notOneJsonDocument) {
            UsageMeter lines = new UsageMeter();
            lines.accept(body);
            return lines.finish();
        }
    }

    /** The next bytes of a stream. */
    public void accept(byte[] chunk) {
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                endOfLine(chunk, start, i);
                start = i + 1;
            }
        }
        if (start < chunk.length) {
            keep(chunk, start, chunk.length);
        }
    }

    /** The stream ended: reads its last line if it had no newline, and returns what was found. */
    public TokenUsage finish() {
        if (partial.size() > 0 && !overflowed) {
            byte[] line = partial.toByteArray();
            line(line, 0, line.length);
        }
        partial.reset();
        overflowed = false;
        return usage();
    }

    /** What was found so far. */
    public TokenUsage usage() {
        return new TokenUsage(Math.max(0, in), Math.max(0, out));
    }

    private void endOfLine(byte[] chunk, int from, int to) {
        if (partial.size() == 0 && !overflowed) {
            line(chunk, from, to);
            return;
        }
        keep(chunk, from, to);
        if (!overflowed) {
            byte[] line = partial.toByteArray();
            line(line, 0, line.length);
        }
        partial.reset();
        overflowed = false;
    }

    private void keep(byte[] chunk, int from, int to) {
        if (overflowed || partial.size() + (to - from) > LINE_LIMIT) {
            overflowed = true;
            partial.reset();
            return;
        }
        partial.write(chunk, from, to - from);
    }

    private void line(byte[] bytes, int from, int to) {
        if (!contains(bytes, from, to, TOKENS_MARK) && !contains(bytes, from, to, EVAL_MARK)) {
            return;
        }
        int start = from;
        while (start < to && bytes[start] != '{') {
            start++; // "data: " of an SSE line, or blanks
        }
        if (start == to) {
            return;
        }
        try (JsonParser p = JSON.createParser(bytes, start, to - start)) {
            scan(p);
        } catch (IOException | RuntimeException notJson) {
            // a line that is not JSON states nothing
        }
    }

    /** Walks the JSON without building it, noting the counts by the name of the object that holds them. */
    private void scan(JsonParser p) throws IOException {
        Deque<String> enclosing = new ArrayDeque<>();
        String field = null;
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            switch (t) {
                case FIELD_NAME -> field = p.currentName();
                case START_OBJECT -> {
                    enclosing.push(field == null ? "" : field);
                    field = null;
                }
                case START_ARRAY -> {
                    enclosing.push("[");
                    field = null;
                }
                case END_OBJECT, END_ARRAY -> enclosing.pop();
                case VALUE_NUMBER_INT -> {
                    count(enclosing, field, p.getValueAsLong(-1));
                    field = null;
                }
                default -> field = null;
            }
        }
    }

    private void count(Deque<String> enclosing, String field, long value) {
        if (field == null || value < 0) {
            return;
        }
        if ("usage".equals(enclosing.peek())) {
            switch (field) {
                case "prompt_tokens", "input_tokens" -> in = value;
                case "completion_tokens", "output_tokens" -> out = value;
                default -> { }
            }
        } else if (enclosing.size() == 1) {
            switch (field) {
                case "prompt_eval_count" -> in = value;
                case "eval_count" -> out = value;
                default -> { }
            }
        }
    }

    private static boolean contains(byte[] bytes, int from, int to, byte[] mark) {
        outer:
        for (int i = from; i <= to - mark.length; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (bytes[i + j] != mark[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
