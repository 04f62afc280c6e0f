package org.keyrelay.failure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The taxonomy, tested against a table of real-looking provider error bodies: each row of
 * fixtures/errors/cases.tsv names a case, its .http file and the expected verdict.
 */
class FailureClassifierTest {

    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    static final FailureClassifier CLASSIFIER =
            new FailureClassifier(FailurePhrases.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
    private static final Pattern REAL_LOOKING_KEY = Pattern.compile("sk-[A-Za-z0-9]{24,}");

    record Case(String name, String file, FailureClass failureClass, QuotaWindow window,
                Optional<Instant> resetAt, String reason) {
    }

    static Stream<Case> table() {
        return HttpFixture.resource("cases.tsv").lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t"))
                .map(c -> new Case(c[0], c[1], FailureClass.valueOf(c[2]), QuotaWindow.valueOf(c[3]),
                        c[4].equals("-") ? Optional.empty() : Optional.of(Instant.parse(c[4])), c[5]));
    }

    static Stream<Arguments> cases() {
        return table().map(c -> Arguments.of(c.name(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifies_fixture(String name, Case expected) {
        Verdict verdict = CLASSIFIER.classify(HttpFixture.load(expected.file()).answer());

        assertAll(name,
                () -> assertEquals(expected.failureClass(), verdict.failureClass(), "class"),
                () -> assertEquals(expected.window(), verdict.window(), "window"),
                () -> assertEquals(expected.resetAt(), verdict.resetAt(), "resetAt"),
                () -> assertEquals(expected.reason(), verdict.reason(), "reason"),
                () -> assertFalse(verdict.reason().contains("sk-"), "reason must never carry a key"));
    }

    @Test
    void table_and_fixture_files_agree() throws IOException, URISyntaxException {
        Path dir = Path.of(HttpFixture.class.getResource(HttpFixture.DIR).toURI());
        Set<String> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".http"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> listed = table().map(Case::file).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(files, listed);
        assertTrue(listed.size() >= 30, "about 30 cases expected, got " + listed.size());
    }

    @Test
    void fixtures_hold_no_real_looking_key() {
        table().forEach(c -> assertFalse(REAL_LOOKING_KEY.matcher(HttpFixture.resource(c.file())).find(), c.file()));
    }

    @Test
    void the_window_named_first_in_the_message_wins() {
        Verdict verdict = CLASSIFIER.classify(new UpstreamAnswer(429, Map.of(),
                "{\"error\":\"you (testuser) have reached your weekly usage limit; your session usage resets in 3 hours\"}"));

        assertEquals(FailureClass.QUOTA_EXHAUSTED, verdict.failureClass());
        assertEquals(QuotaWindow.WEEKLY, verdict.window());
    }

    @Test
    void a_non_quota_verdict_has_no_window_even_if_the_text_names_one() {
        Verdict verdict = CLASSIFIER.classify(new UpstreamAnswer(429, Map.of(),
                "{\"error\":{\"message\":\"Rate limit reached for gpt-4o on requests per day (RPD): Limit 200, Used 200.\",\"code\":\"rate_limit_exceeded\"}}"));

        assertEquals(FailureClass.RATE_LIMITED, verdict.failureClass());
        assertEquals(QuotaWindow.UNKNOWN, verdict.window());
    }

    @Test
    void monday_is_not_a_daily_window() {
        Verdict verdict = CLASSIFIER.classify(new UpstreamAnswer(429, Map.of(),
                "{\"error\":\"you have reached your usage limit for this period, it resets Monday 00:00 UTC\"}"));

        assertEquals(QuotaWindow.UNKNOWN, verdict.window());
    }

    @Test
    void only_caller_fault_is_not_a_key_failure() {
        for (FailureClass failureClass : FailureClass.values()) {
            assertEquals(failureClass != FailureClass.CALLER_FAULT, failureClass.isKeyFailure(), failureClass.name());
        }
    }
}
