package org.keyrelay.pool;

/**
 * What the pool needs to know of a request to pick its key.
 *
 * @param model        the model the request asks for, or null
 * @param preferred    a key id to keep if it is still usable (a retry on the same key), or null
 * @param conversation the request's conversation (session affinity, see {@link Affinities}), or null
 */
public record SelectionRequest(String model, String preferred, String conversation) {

    public static SelectionRequest of(String model) {
        return new SelectionRequest(model, null, null);
    }
}
