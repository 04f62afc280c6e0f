package org.keyrelay.pool;

import java.util.Objects;

/**
 * A secret value (a provider API key, the admin token). The only way to print one is masked: {@code sk-ki…DigS}.
 * {@link #reveal()} is for the places that must hand the raw value on, and nothing else: the upstream request's
 * header, the keyring file the gateway keeps its added keys in, an encrypted export, and the admin token's digest.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a key secret must not be empty");
        }
        this.value = value.strip();
    }

    /** The raw value: never to a log, a metric, an error or the state file (see the class comment for who may). */
    public String reveal() {
        return value;
    }

    /** First five and last four characters; short secrets show only their last two. */
    public String masked() {
        if (value.length() <= 12) {
            return "…" + value.substring(Math.max(0, value.length() - 2));
        }
        return value.substring(0, 5) + "…" + value.substring(value.length() - 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return masked();
    }
}
