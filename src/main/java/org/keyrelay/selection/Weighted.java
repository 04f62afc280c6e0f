package org.keyrelay.selection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round-robin (as nginx does it): weights 2 and 1 give "aba aba", spread rather than "aab".
 * Every usable key gains its weight, the leader is chosen and pays the total back.
 */
public final class Weighted implements KeySelector {

    private final Map<String, Integer> current = new HashMap<>();

    @Override
    public Candidate choose(List<Candidate> usable) {
        int total = 0;
        Candidate best = null;
        int bestWeight = Integer.MIN_VALUE;
        for (Candidate c : usable) {
            int w = current.merge(c.id(), c.weight(), Integer::sum);
            total += c.weight();
            if (w > bestWeight) {
                best = c;
                bestWeight = w;
            }
        }
        current.merge(best.id(), -total, Integer::sum);
        return best;
    }
}
