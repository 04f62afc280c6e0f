package org.keyrelay.selection;

/**
 * A key that may serve the request now, as a selector sees it.
 *
 * @param id       the key's id
 * @param position its place in the provider's key list (0-based), stable across requests
 * @param weight   its configured weight
 * @param health   0-100
 * @param inFlight requests it is serving right now
 * @param requests requests it has served in all
 * @param headroom the share left of its tightest budget window, 0-100 (100 when its provider said nothing)
 */
public record Candidate(String id, int position, int weight, int health, int inFlight, long requests, int headroom) {

    /** A candidate whose provider said nothing of its budgets. */
    public Candidate(String id, int position, int weight, int health, int inFlight, long requests) {
        this(id, position, weight, health, inFlight, requests, 100);
    }
}
