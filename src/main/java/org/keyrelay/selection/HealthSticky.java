package org.keyrelay.selection;

import java.util.List;

/**
 * Health-based with stickiness: stays on the key in use while it is usable, and moves only when it is out (a cooldown,
 * a rejection) or another key's score ({@link HealthBased#score}) beats its score plus {@link #BONUS}. So equally
 * healthy keys do not take turns ("aaaa", not "abab"), a provider's prompt cache stays warm, and a key whose health
 * came back does not take the traffic back from a healthy one ("aaabbb" when a fails, then "bbb" once a is back).
 * When the key in use is out, the best score wins; among equals, the first after the key in use (wrapping around).
 */
public final class HealthSticky implements KeySelector {

    /** Points the key in use is ahead by: another key must beat its score by more than this to take over. */
    public static final int BONUS = 50;

    /** The key in use, by id (so it stays the key in use when a reloaded keyring moves it), and its last position. */
    private String current;
    private int position = -1;

    @Override
    public Candidate choose(List<Candidate> usable) {
        Candidate best = null;
        int bestScore = Integer.MIN_VALUE;
        for (Candidate c : usable) {
            boolean inUse = c.id().equals(current);
            int score = HealthBased.score(c) + (inUse ? BONUS : 0);
            if (score > bestScore || score == bestScore && inUse) {
                best = c;
                bestScore = score;
            }
        }
        if (!best.id().equals(current)) {
            int top = bestScore;
            best = KeySelector.nextAfter(usable.stream().filter(c -> HealthBased.score(c) == top).toList(), position);
        }
        current = best.id();
        position = best.position();
        return best;
    }

    /** The key in use is remembered by id: it stays the key in use when the pool's list of keys changes. */
    @Override
    public boolean keepsAcrossKeyChanges() {
        return true;
    }
}
