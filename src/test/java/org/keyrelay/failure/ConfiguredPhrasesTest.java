package org.keyrelay.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A provider's configured phrases count on any 4xx or 5xx; an unknown 400 stays the caller's fault. */
class ConfiguredPhrasesTest {

    private static final Clock CLOCK = Clock.fixed(FailureClassifierTest.NOW, ZoneOffset.UTC);
    private static final FailureClassifier BUILT_IN = new FailureClassifier(FailurePhrases.defaults(), CLOCK);
    private static final FailureClassifier CONFIGURED = BUILT_IN.with(new FailurePhrases(
            List.of("quota exceeded", "Payment Required"), List.of("slow down"), List.of("key revoked"), List.of()));

    private static FailureClass classify(FailureClassifier classifier, int status, String body) {
        return classifier.classify(new UpstreamAnswer(status, Map.of(), body)).failureClass();
    }

    @Test
    void should_make_a_configured_phrase_on_a_400_or_409_rotatable() {
        assertEquals(FailureClass.CALLER_FAULT, classify(BUILT_IN, 409, "{\"error\":\"Payment required\"}"));
        assertEquals(FailureClass.QUOTA_EXHAUSTED, classify(CONFIGURED, 409, "{\"error\":\"Payment required\"}"));
        assertEquals(FailureClass.QUOTA_EXHAUSTED, classify(CONFIGURED, 400, "{\"error\":{\"message\":\"quota exceeded\"}}"));
        assertEquals(FailureClass.RATE_LIMITED, classify(CONFIGURED, 400, "{\"error\":\"please slow down\"}"));
        assertEquals(FailureClass.KEY_INVALID, classify(CONFIGURED, 422, "{\"error\":\"key revoked\"}"));
        assertEquals("payment required", CONFIGURED.classify(new UpstreamAnswer(409, Map.of(),
                "{\"error\":\"Payment required\"}")).reason());
    }

    @Test
    void should_count_a_configured_phrase_on_a_5xx() {
        assertEquals(FailureClass.TRANSIENT, classify(BUILT_IN, 503, "{\"error\":\"key revoked\"}"));
        assertEquals(FailureClass.KEY_INVALID, classify(CONFIGURED, 503, "{\"error\":\"key revoked\"}"));
    }

    @Test
    void should_keep_an_unknown_400_and_a_built_in_rate_limit_phrase_on_a_400_the_callers_fault() {
        assertEquals(FailureClass.CALLER_FAULT, classify(CONFIGURED, 400, "{\"error\":\"messages: field required\"}"));
        assertEquals(FailureClass.CALLER_FAULT, classify(CONFIGURED, 400,
                "{\"error\":\"unknown tool rate_limit_probe: too many requests in prompt\"}"));
    }

    @Test
    void should_give_the_same_classifier_for_the_same_phrases_and_itself_for_none() {
        FailurePhrases none = new FailurePhrases(List.of(), List.of(), List.of(), List.of());
        assertSame(BUILT_IN, BUILT_IN.with(none));
        assertSame(BUILT_IN, BUILT_IN.with(null));
        assertSame(CONFIGURED, BUILT_IN.with(new FailurePhrases(List.of("quota exceeded", "Payment Required"),
                List.of("slow down"), List.of("key revoked"), List.of())));
    }
}
