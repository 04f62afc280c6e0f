package org.keyrelay.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.keyrelay.http.StreamPrelude.Decision;

/** The start of a 200 stream: content, an error sent as the first event, or not decided yet. */
class StreamPreludeTest {

    private static final String SSE = "text/event-stream; charset=utf-8";
    private static final String NDJSON = "application/x-ndjson";

    private static Decision offer(StreamPrelude prelude, String text) {
        return prelude.offer(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Decision decide(String contentType, String text) {
        return offer(new StreamPrelude(contentType), text);
    }

    @Test
    void should_see_content_in_an_sse_data_event() {
        assertInstanceOf(Decision.Content.class,
                decide(SSE, "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"));
    }

    @Test
    void should_see_content_in_a_named_sse_event() {
        assertInstanceOf(Decision.Content.class, decide(SSE,
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\"}}\n\n"));
    }

    @Test
    void should_catch_an_sse_error_event() {
        String payload = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";

        assertEquals(new Decision.Error(payload), decide(SSE, "event: error\ndata: " + payload + "\n\n"));
    }

    @Test
    void should_catch_an_error_object_in_sse_data() {
        String payload = "{\"error\":{\"message\":\"weekly usage limit reached\",\"type\":\"rate_limit\"}}";

        assertEquals(new Decision.Error(payload), decide(SSE, "data: " + payload + "\n\n"));
    }

    @Test
    void should_not_decide_on_sse_comments_and_blank_lines() {
        StreamPrelude prelude = new StreamPrelude(SSE);

        assertInstanceOf(Decision.NeedMore.class, offer(prelude, ": OPENROUTER PROCESSING\n\n"));
        assertInstanceOf(Decision.NeedMore.class, offer(prelude, "\n\n: keep-alive\n\n"));
        assertInstanceOf(Decision.Content.class, offer(prelude, "data: {\"choices\":[]}\n\n"));
    }

    @Test
    void should_catch_an_error_after_sse_comments() {
        StreamPrelude prelude = new StreamPrelude(SSE);
        offer(prelude, ": OPENROUTER PROCESSING\n\n");

        assertEquals(new Decision.Error("{\"error\":\"no credits\"}"), offer(prelude, "data: {\"error\":\"no credits\"}\n\n"));
    }

    @Test
    void should_wait_for_the_end_of_an_sse_event() {
        StreamPrelude prelude = new StreamPrelude(SSE);

        assertInstanceOf(Decision.NeedMore.class, offer(prelude, "event: err"));
        assertInstanceOf(Decision.NeedMore.class, offer(prelude, "or\ndata: {\"type\":\"error\"}\n"));
        assertEquals(new Decision.Error("{\"type\":\"error\"}"), offer(prelude, "\n"));
    }

    @Test
    void should_read_sse_with_crlf_line_ends() {
        assertEquals(new Decision.Error("{\"error\":\"x\"}"), decide(SSE, "data: {\"error\":\"x\"}\r\n\r\n"));
    }

    @Test
    void should_treat_a_null_error_field_as_content() {
        assertInstanceOf(Decision.Content.class, decide(SSE, "data: {\"error\":null,\"choices\":[]}\n\n"));
    }

    @Test
    void should_see_content_in_an_ndjson_line() {
        assertInstanceOf(Decision.Content.class, decide(NDJSON,
                "{\"model\":\"llama3\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}\n"));
    }

    @Test
    void should_catch_an_ndjson_error_line() {
        String line = "{\"error\":\"you (user) have reached your session usage limit\"}";

        assertEquals(new Decision.Error(line), decide(NDJSON, "\n" + line + "\n"));
    }

    @Test
    void should_wait_for_a_whole_ndjson_line_split_across_chunks() {
        StreamPrelude prelude = new StreamPrelude(NDJSON);

        assertInstanceOf(Decision.NeedMore.class, offer(prelude, "{\"err"));
        assertInstanceOf(Decision.NeedMore.class, offer(prelude, "or\":\"model requires a subscription\"}"));
        assertEquals(new Decision.Error("{\"error\":\"model requires a subscription\"}"), offer(prelude, "\n"));
    }

    @Test
    void should_read_a_character_split_across_chunks() {
        byte[] bytes = "{\"error\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.UTF_8);
        int split = "{\"error\":\"caf".length() + 1; // inside the two bytes of é
        StreamPrelude prelude = new StreamPrelude(NDJSON);

        byte[] first = Arrays.copyOfRange(bytes, 0, split);
        byte[] rest = Arrays.copyOfRange(bytes, split, bytes.length);

        assertInstanceOf(Decision.NeedMore.class, prelude.offer(first));
        assertEquals(new Decision.Error("{\"error\":\"caf\u00e9\"}"), prelude.offer(rest));
    }

    @Test
    void should_treat_a_missing_content_type_as_ndjson() {
        assertEquals(new Decision.Error("{\"error\":\"x\"}"), decide(null, "{\"error\":\"x\"}\n"));
    }

    @Test
    void should_count_as_content_past_the_limit_without_a_decision() {
        StreamPrelude prelude = new StreamPrelude(SSE);
        String comment = ": " + "x".repeat(1020) + "\n\n"; // 1 KiB that decides nothing

        Decision last = null;
        for (int i = 0; i < StreamPrelude.LIMIT / 1024; i++) {
            last = offer(prelude, comment);
        }
        assertInstanceOf(Decision.NeedMore.class, last, "exactly at the limit");
        assertInstanceOf(Decision.Content.class, offer(prelude, ":"), "one byte past it");
    }

    @Test
    void should_keep_everything_it_has_seen_to_send_on() {
        StreamPrelude prelude = new StreamPrelude(SSE);
        offer(prelude, ": ping\n\n");
        offer(prelude, "data: {\"choices\":[]}\n\n");

        assertArrayEquals(": ping\n\ndata: {\"choices\":[]}\n\n".getBytes(StandardCharsets.UTF_8), prelude.buffered());
    }
}
