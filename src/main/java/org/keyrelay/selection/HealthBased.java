package org.keyrelay.selection;

import java.util.List;

/**
 * The healthiest key; keys of equal health take turns. So a key low on health (below 30 after a quota or two rate
 * limits) is skipped while a healthier one is usable, and used (healthiest first) only when none is.
 */
public final class HealthBased implements KeySelector {

    private int last = -1;

    @Override
    public Candidate choose(List<Candidate> usable) {
        int best = usable.stream().mapToInt(Candidate::health).max().orElseThrow();
        List<Candidate> healthiest = usable.stream().filter(c -> c.health() == best).toList();
        Candidate next = KeySelector.nextAfter(healthiest, last);
        last = next.position();
        return next;
    }
}
