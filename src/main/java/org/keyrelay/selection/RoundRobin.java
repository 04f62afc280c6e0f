package org.keyrelay.selection;

import java.util.List;

/** Each key in turn ("abcabc"); a key that is out is skipped and the turn passes to the next. */
public final class RoundRobin implements KeySelector {

    private int last = -1;

    @Override
    public Candidate choose(List<Candidate> usable) {
        Candidate next = KeySelector.nextAfter(usable, last);
        last = next.position();
        return next;
    }
}
