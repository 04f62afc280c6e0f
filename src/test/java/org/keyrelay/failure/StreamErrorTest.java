package org.keyrelay.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Errors that arrive inside a 200 stream: codes and phrases decide, nothing matched is TRANSIENT. */
class StreamErrorTest {

    static Stream<Arguments> streamErrors() {
        return Stream.of(
                Arguments.of("ollama ndjson weekly usage limit",
                        "{\"error\":\"you (testuser) have reached your weekly usage limit, upgrade for higher limits: https://ollama.com/upgrade\"}",
                        FailureClass.QUOTA_EXHAUSTED, QuotaWindow.WEEKLY, "weekly usage limit", null),
                Arguments.of("ollama ndjson session usage limit",
                        "{\"error\":\"you (testuser) have reached your session usage limit, please wait or upgrade to continue\"}",
                        FailureClass.QUOTA_EXHAUSTED, QuotaWindow.SESSION, "session usage limit", null),
                Arguments.of("anthropic sse overloaded_error",
                        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                        FailureClass.RATE_LIMITED, QuotaWindow.UNKNOWN, "overloaded_error", null),
                Arguments.of("anthropic sse event with its framing",
                        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Rate limited\"}}\n\n",
                        FailureClass.RATE_LIMITED, QuotaWindow.UNKNOWN, "rate_limit_error", null),
                Arguments.of("anthropic sse api_error is transient",
                        "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}",
                        FailureClass.TRANSIENT, QuotaWindow.UNKNOWN, "stream error", null),
                Arguments.of("openai sse rate limit with try again in body",
                        "{\"error\":{\"message\":\"Rate limit reached for gpt-4o. Please try again in 1m30s.\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}",
                        FailureClass.RATE_LIMITED, QuotaWindow.UNKNOWN, "rate_limit_exceeded", "2026-03-02T10:01:30Z"),
                Arguments.of("ollama ndjson model requires a subscription",
                        "{\"error\":\"this model requires a subscription, upgrade for access: https://ollama.com/upgrade\"}",
                        FailureClass.MODEL_FORBIDDEN, QuotaWindow.UNKNOWN, "requires a subscription", null),
                Arguments.of("unknown error text is transient",
                        "{\"error\":\"an unexpected error occurred while generating\"}",
                        FailureClass.TRANSIENT, QuotaWindow.UNKNOWN, "stream error", null),
                Arguments.of("garbage payload is transient",
                        "\u0000\u0001not json at all {{{",
                        FailureClass.TRANSIENT, QuotaWindow.UNKNOWN, "stream error", null),
                Arguments.of("empty payload is transient",
                        "",
                        FailureClass.TRANSIENT, QuotaWindow.UNKNOWN, "stream error", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamErrors")
    void classifies_stream_error(String name, String payload, FailureClass failureClass, QuotaWindow window,
                                 String reason, String resetAt) {
        Verdict verdict = FailureClassifierTest.CLASSIFIER.classifyStreamError(payload, 200);

        assertEquals(failureClass, verdict.failureClass());
        assertEquals(window, verdict.window());
        assertEquals(reason, verdict.reason());
        assertEquals(Optional.ofNullable(resetAt).map(Instant::parse), verdict.resetAt());
    }

    @Test
    void null_payload_is_transient() {
        assertEquals(FailureClass.TRANSIENT, FailureClassifierTest.CLASSIFIER.classifyStreamError(null, 200).failureClass());
    }

    @Test
    void a_non_2xx_status_is_classified_like_an_answer() {
        Verdict verdict = FailureClassifierTest.CLASSIFIER.classifyStreamError("{\"error\":\"boom\"}", 401);

        assertEquals(FailureClass.KEY_INVALID, verdict.failureClass());
        assertEquals("HTTP 401", verdict.reason());
    }
}
