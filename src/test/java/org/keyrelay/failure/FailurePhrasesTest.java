package org.keyrelay.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Phrase lists are configuration: defaults, keyring additions, case-insensitive matching. */
class FailurePhrasesTest {

    @Test
    void defaults_cover_the_provider_phrases_of_the_design() {
        FailurePhrases defaults = FailurePhrases.defaults();

        assertTrue(defaults.quota().containsAll(List.of("session usage limit", "weekly usage limit", "hourly usage limit",
                "usage limit for this billing cycle", "monthly usage limit", "usage limit for this period",
                "insufficient_quota", "exceeded your current quota", "credit balance is too low", "insufficient credits")));
        assertTrue(defaults.keyInvalid().containsAll(List.of("unable to verify your membership",
                "appears to be invalid or may have expired", "invalid authentication", "invalid api key",
                "incorrect api key", "unauthorized")));
        assertTrue(defaults.rateLimit().containsAll(List.of("rate limit", "too many requests", "overloaded")));
        assertEquals(List.of("requires a subscription"), defaults.modelForbidden());
    }

    @Test
    void plus_appends_trimmed_lower_case_phrases_without_duplicates() {
        FailurePhrases phrases = FailurePhrases.defaults()
                .plus(List.of("  Daily Cap Reached "), null, Arrays.asList("weekly usage limit", null, " "), List.of());

        assertEquals("daily cap reached", phrases.quota().get(phrases.quota().size() - 1));
        assertEquals(FailurePhrases.defaults().quota().size() + 1, phrases.quota().size());
        assertEquals(FailurePhrases.defaults().rateLimit(), phrases.rateLimit());
        assertEquals(FailurePhrases.defaults().keyInvalid().size() + 1, phrases.keyInvalid().size());
    }

    @Test
    void lists_are_immutable_and_null_lists_are_empty() {
        FailurePhrases phrases = new FailurePhrases(null, null, null, null);

        assertEquals(List.of(), phrases.quota());
        assertThrows(UnsupportedOperationException.class, () -> FailurePhrases.defaults().quota().add("x"));
    }

    @Test
    void an_added_phrase_changes_the_verdict_case_insensitively() {
        UpstreamAnswer answer = new UpstreamAnswer(429, Map.of(), "{\"error\":\"DAILY CAP REACHED for this key\"}");
        Clock clock = Clock.fixed(FailureClassifierTest.NOW, ZoneOffset.UTC);

        Verdict before = new FailureClassifier(FailurePhrases.defaults(), clock).classify(answer);
        Verdict after = new FailureClassifier(FailurePhrases.defaults().plus(List.of("Daily Cap Reached"), null, null, null), clock)
                .classify(answer);

        assertEquals(FailureClass.RATE_LIMITED, before.failureClass());
        assertEquals(FailureClass.QUOTA_EXHAUSTED, after.failureClass());
        assertEquals(QuotaWindow.DAILY, after.window());
        assertEquals("daily cap reached", after.reason());
    }
}
