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
        for (Candidate c : usable) {
            current.merge(c.id(), c.weight(), Integer::sum);
            total += c.weight();
        }
        Candidate best = leader(usable, 0);
        current.merge(best.id(), -total, Integer::sum);
        return best;
    }

    @Override
    public Candidate peek(List<Candidate> usable) {
        return leader(usable, 1);
    }

    /** The first key with the highest current weight once each has gained {@code gains} times its weight. */
    private Candidate leader(List<Candidate> usable, int gains) {
        Candidate best = null;
        int bestWeight = Integer.MIN_VALUE;
        for (Candidate c : usable) {
            int w = current.getOrDefault(c.id(), 0) + gains * c.weight();
            if (w > bestWeight) {
                best = c;
                bestWeight = w;
            }
        }
        return best;
    }
}
