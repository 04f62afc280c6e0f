package org.keyrelay.selection;

import java.util.List;

/** Stays on one key while it is usable ("aaab" when a fails), then moves to the next one and stays there. */
public final class Sticky implements KeySelector {

    private int current = -1;

    @Override
    public Candidate choose(List<Candidate> usable) {
        Candidate next = peek(usable);
        current = next.position();
        return next;
    }

    @Override
    public Candidate peek(List<Candidate> usable) {
        for (Candidate c : usable) {
            if (c.position() == current) {
                return c;
            }
        }
        return KeySelector.nextAfter(usable, current);
    }
}
