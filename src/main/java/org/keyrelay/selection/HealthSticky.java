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

    private int current = -1;

    @Override
    public Candidate choose(List<Candidate> usable) {
        Candidate best = null;
        int bestScore = Integer.MIN_VALUE;
        for (Candidate c : usable) {
            int score = HealthBased.score(c) + (c.position() == current ? BONUS : 0);
            if (score > bestScore || score == bestScore && c.position() == current) {
                best = c;
                bestScore = score;
            }
        }
        if (best.position() != current) {
            int top = bestScore;
            best = KeySelector.nextAfter(usable.stream().filter(c -> HealthBased.score(c) == top).toList(), current);
        }
        current = best.position();
        return best;
    }
}
