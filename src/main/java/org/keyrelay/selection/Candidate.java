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
 */
public record Candidate(String id, int position, int weight, int health, int inFlight, long requests) {}
