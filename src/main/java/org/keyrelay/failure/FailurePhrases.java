package org.keyrelay.failure;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The phrase lists the classifier looks for in error bodies, one per failure class. They are
 * a value the classifier is given: {@link #defaults()} holds the built-in ones (named and
 * explained in {@link FailureClassifier}); a provider's {@code phrases:} in the keyring are added
 * to them with {@link #plus} ({@link FailureClassifier#with}). Matching is a
 * case-insensitive substring search; phrases are stored trimmed and lower-case, blanks and
 * duplicates dropped, in the order given (the first phrase found becomes the verdict's reason).
 */
public record FailurePhrases(List<String> quota, List<String> rateLimit,
                             List<String> keyInvalid, List<String> modelForbidden) {

    public FailurePhrases {
        quota = normalized(quota, List.of());
        rateLimit = normalized(rateLimit, List.of());
        keyInvalid = normalized(keyInvalid, List.of());
        modelForbidden = normalized(modelForbidden, List.of());
    }

    /** The built-in phrases. */
    public static FailurePhrases defaults() {
        return new FailurePhrases(FailureClassifier.QUOTA_PHRASES, FailureClassifier.RATE_LIMIT_PHRASES,
                FailureClassifier.KEY_INVALID_PHRASES, FailureClassifier.MODEL_FORBIDDEN_PHRASES);
    }

    /**
     * These phrases plus extra ones per class; null or empty lists add nothing.
     */
    public FailurePhrases plus(List<String> quota, List<String> rateLimit,
                               List<String> keyInvalid, List<String> modelForbidden) {
        return new FailurePhrases(normalized(this.quota, quota), normalized(this.rateLimit, rateLimit),
                normalized(this.keyInvalid, keyInvalid), normalized(this.modelForbidden, modelForbidden));
    }

    /** The first phrase of the list that occurs in the text, which must already be lower-case. */
    static Optional<String> firstIn(List<String> phrases, String lowerCaseText) {
        if (lowerCaseText == null || lowerCaseText.isEmpty()) {
            return Optional.empty();
        }
        return phrases.stream().filter(lowerCaseText::contains).findFirst();
    }

    private static List<String> normalized(List<String> first, List<String> extra) {
        Set<String> phrases = new LinkedHashSet<>();
        for (List<String> list : Arrays.asList(first, extra)) {
            if (list == null) {
                continue;
            }
            for (String phrase : list) {
                if (phrase != null && !phrase.isBlank()) {
                    phrases.add(phrase.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(phrases);
    }
}
