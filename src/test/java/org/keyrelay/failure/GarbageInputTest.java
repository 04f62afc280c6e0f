package org.keyrelay.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Garbage never throws: empty, null, binary, truncated, deeply nested and huge bodies. */
class GarbageInputTest {

    private static Verdict classify(int status, String body) {
        return FailureClassifierTest.CLASSIFIER.classify(new UpstreamAnswer(status, Map.of(), body));
    }

    @Test
    void null_answer_is_transient() {
        assertEquals(FailureClass.TRANSIENT, FailureClassifierTest.CLASSIFIER.classify(null).failureClass());
    }

    @Test
    void null_body_and_headers_fall_back_to_the_status() {
        Verdict verdict = FailureClassifierTest.CLASSIFIER.classify(new UpstreamAnswer(429, null, null));

        assertEquals(FailureClass.RATE_LIMITED, verdict.failureClass());
        assertEquals("HTTP 429", verdict.reason());
    }

    @Test
    void binary_junk_falls_back_to_the_status() {
        assertEquals(FailureClass.TRANSIENT, classify(503, "\u0000\u00ff\ufffd{\"error\":").failureClass());
    }

    @Test
    void truncated_json_is_still_searched_as_text() {
        Verdict verdict = classify(429, "{\"error\":{\"message\":\"You exceeded your current quota, please check");

        assertEquals(FailureClass.QUOTA_EXHAUSTED, verdict.failureClass());
        assertEquals("exceeded your current quota", verdict.reason());
    }

    @Test
    void deeply_nested_json_falls_back_to_the_status() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);

        assertEquals(FailureClass.CALLER_FAULT, classify(400, deep).failureClass());
    }

    @Test
    void json_array_root_is_read_from_its_first_element() {
        Verdict verdict = classify(429, "[{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}]");

        assertEquals(FailureClass.RATE_LIMITED, verdict.failureClass());
        assertEquals("HTTP 429", verdict.reason());
    }

    @Test
    void only_the_first_64_kib_are_read() {
        String filler = "x".repeat(ErrorBody.MAX_SCAN_CHARS);

        assertEquals(FailureClass.QUOTA_EXHAUSTED, classify(429, "weekly usage limit " + filler).failureClass());
        assertEquals(FailureClass.RATE_LIMITED, classify(429, filler + " weekly usage limit").failureClass(),
                "a phrase after the first 64 KiB is not seen: the status decides");
    }

    @Test
    void a_huge_body_is_classified() {
        String huge = "{\"error\":\"" + "a".repeat(4 * 1024 * 1024) + "\"}";

        assertEquals(FailureClass.TRANSIENT, classify(500, huge).failureClass());
    }

    @Test
    void a_status_outside_4xx_and_5xx_is_transient() {
        assertEquals(FailureClass.TRANSIENT, classify(302, "").failureClass());
        assertEquals(FailureClass.TRANSIENT, classify(0, "").failureClass());
    }

    @Test
    void header_names_are_lower_cased_and_null_values_dropped() {
        List<String> withNull = new ArrayList<>(List.of("5"));
        withNull.add(null);
        UpstreamAnswer answer = new UpstreamAnswer(429, Map.of("Retry-After", withNull), "");

        assertEquals(Optional.of("5"), answer.header("retry-after"));
        assertEquals(List.of("5"), answer.headers().get("retry-after"));
        assertEquals(Optional.empty(), answer.header("x-missing"));
    }
}
