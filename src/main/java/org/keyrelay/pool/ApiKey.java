package org.keyrelay.pool;

/** One key of a provider's pool: its public id (shown everywhere), its secret and its weight. */
public record ApiKey(String id, Secret secret, int weight) {

    public ApiKey {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a key id must not be empty");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("key '" + id + "': weight must be at least 1, was " + weight);
        }
    }

    @Override
    public String toString() {
        return "ApiKey[" + id + " " + secret.masked() + " weight=" + weight + "]";
    }
}
