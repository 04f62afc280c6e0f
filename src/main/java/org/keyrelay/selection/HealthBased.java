package org.keyrelay.selection;

import java.util.List;

/**
 * The healthiest key, its health scaled by the share left of its tightest budget ({@link Candidate#headroom()}: a
 * key its provider says is nearly spent counts as less healthy); keys of equal score take turns. So a key low on
 * health (below 30 after a quota or two rate limits) is skipped while a healthier one is usable, and used (healthiest
 * first) only when none is.
 */
public final class HealthBased implements KeySelector {

    private int last = -1;

    @Override
    public Candidate choose(List<Candidate> usable) {
        Candidate next = peek(usable);
        last = next.position();
        return next;
    }

    @Override
    public Candidate peek(List<Candidate> usable) {
        int best = usable.stream().mapToInt(HealthBased::score).max().orElseThrow();
        List<Candidate> healthiest = usable.stream().filter(c -> score(c) == best).toList();
        return KeySelector.nextAfter(healthiest, last);
    }

    /** The score keys are compared by: health scaled by budget headroom, 0-100 ({@link HealthSticky} too). */
    static int score(Candidate c) {
        return c.health() * c.headroom() / 100;
    }
}
