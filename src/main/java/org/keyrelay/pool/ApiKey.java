package org.keyrelay.pool;

/**
 * One key of a provider's pool: its public id (shown everywhere), its secret, its weight and an optional label (free
 * text an operator reads beside the id, e.g. "Work account"; not a secret).
 */
public record ApiKey(String id, Secret secret, int weight, String label) {

    /** The longest label a key may have. */
    public static final int MAX_LABEL = 64;

    public ApiKey {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a key id must not be empty");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("key '" + id + "': weight must be at least 1, was " + weight);
        }
        String problem = labelProblem(label);
        if (problem != null) {
            throw new IllegalArgumentException("key '" + id + "': label " + problem);
        }
        label = label == null || label.isBlank() ? null : label.strip();
    }

    /** A key without a label. */
    public ApiKey(String id, Secret secret, int weight) {
        this(id, secret, weight, null);
    }

    /** What is wrong with {@code label} as a key's label, or null when it will do (null and blank: no label). */
    public static String labelProblem(String label) {
        if (label == null) {
            return null;
        }
        if (label.strip().length() > MAX_LABEL) {
            return "is " + label.strip().length() + " characters long (at most " + MAX_LABEL + ")";
        }
        if (label.chars().anyMatch(c -> Character.isISOControl(c))) {
            return "has a line break or another control character (one line of text)";
        }
        return null;
    }

    @Override
    public String toString() {
        return "ApiKey[" + id + " " + secret.masked() + " weight=" + weight + (label == null ? "" : " \"" + label + "\"")
                + "]";
    }
}
