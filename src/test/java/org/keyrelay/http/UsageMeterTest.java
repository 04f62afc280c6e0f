package org.keyrelay.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keyrelay.pool.TokenUsage;

/**
 * Tokens read from real answer shapes (fixtures/usage): whole answers, and streams fed in chunks of every size, so
 * a count split across two chunks is still read.
 */
class UsageMeterTest {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = UsageMeterTest.class.getResourceAsStream("/fixtures/usage/" + name)) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    private static TokenUsage streamed(byte[] bytes, int chunkSize) {
        UsageMeter meter = new UsageMeter();
        for (int at = 0; at < bytes.length; at += chunkSize) {
            meter.accept(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunkSize)));
        }
        return meter.finish();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "openai-chat.json, 19, 10",
        "anthropic-messages.json, 2095, 503",
        "ollama-chat.json, 26, 298",
        "openai-chat-stream-with-usage.sse, 1117, 46",
        "openai-chat-stream-without-usage.sse, 0, 0",
        "kimi-chat-stream-usage-in-choice.sse, 19, 13",
        "openai-responses-stream.sse, 36, 87",
        "anthropic-messages-stream.sse, 25, 15",
        "ollama-chat-stream.ndjson, 26, 282"})
    void should_read_the_tokens_of_a_whole_answer(String fixture, long in, long out) throws IOException {
        assertEquals(new TokenUsage(in, out), UsageMeter.ofBody(fixture(fixture)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "openai-chat-stream-with-usage.sse, 1117, 46",
        "openai-chat-stream-without-usage.sse, 0, 0",
        "kimi-chat-stream-usage-in-choice.sse, 19, 13",
        "openai-responses-stream.sse, 36, 87",
        "anthropic-messages-stream.sse, 25, 15",
        "ollama-chat-stream.ndjson, 26, 282"})
    void should_read_the_tokens_of_a_stream_whatever_its_chunks(String fixture, long in, long out) throws IOException {
        byte[] bytes = fixture(fixture);
        for (int size : new int[] {1, 2, 7, 64, 333, bytes.length}) {
            assertEquals(new TokenUsage(in, out), streamed(bytes, size), "chunks of " + size + " bytes");
        }
    }

    @Test
    void should_not_count_a_token_field_a_model_writes_about_in_its_text() {
        String text = "data: {\"choices\":[{\"delta\":{\"content\":\"{\\\"usage\\\":{\\\"prompt_tokens\\\":999}}\"}}]}\n\n";

        assertEquals(TokenUsage.NONE, streamed(text.getBytes(StandardCharsets.UTF_8), 5));
    }

    @Test
    void should_read_the_final_line_of_a_stream_that_ends_without_a_newline() {
        byte[] bytes = "{\"done\":false}\n{\"done\":true,\"prompt_eval_count\":3,\"eval_count\":4}".getBytes(StandardCharsets.UTF_8);

        assertEquals(new TokenUsage(3, 4), streamed(bytes, 10));
    }

    @Test
    void should_read_an_ollama_final_line_with_a_long_context_array() {
        String context = IntStream.range(0, 20_000).mapToObj(i -> Integer.toString(128_000 + i)).collect(Collectors.joining(","));
        String stream = "{\"response\":\"The\",\"done\":false}\n"
                + "{\"response\":\"\",\"done\":true,\"context\":[" + context + "],\"prompt_eval_count\":26,\"eval_count\":259}\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);

        assertEquals(new TokenUsage(26, 259), streamed(bytes, 16 * 1024));
        assertEquals(new TokenUsage(26, 259), UsageMeter.ofBody(bytes));
    }

    @Test
    void should_skip_a_line_longer_than_its_limit_and_read_the_next() {
        StringBuilder huge = new StringBuilder("data: {\"usage\":{\"prompt_tokens\":1},\"text\":\"");
        huge.append("x".repeat(UsageMeter.LINE_LIMIT + 10)).append("\"}\n\n");
        huge.append("data: {\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":8}}\n\n");

        assertEquals(new TokenUsage(7, 8), streamed(huge.toString().getBytes(StandardCharsets.UTF_8), 64 * 1024));
    }

    @Test
    void should_find_nothing_in_answers_without_counts() {
        assertEquals(TokenUsage.NONE, UsageMeter.ofBody(new byte[0]));
        assertEquals(TokenUsage.NONE, UsageMeter.ofBody("{\"data\":[{\"id\":\"gpt-4.1\"}]}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(TokenUsage.NONE, UsageMeter.ofBody("<html>eval_count\"</html>".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void should_let_the_last_stated_count_win() {
        byte[] bytes = ("data: {\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}\n\n"
                + "data: {\"usage\":{\"output_tokens\":5}}\n\n"
                + "data: {\"usage\":{\"output_tokens\":9}}\n\n").getBytes(StandardCharsets.UTF_8);

        assertEquals(new TokenUsage(10, 9), streamed(bytes, 3));
    }
}
