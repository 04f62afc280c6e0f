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

    /**
     * The key after the one chosen last. With several instances taking turns from a shared counter the next turn is
     * not known before it is taken: this names the key after the one this instance chose last.
     */
    @Override
    public Candidate peek(List<Candidate> usable) {
        return KeySelector.nextAfter(usable, last);
    }

    /**
     * The key whose turn {@code turn} is, from a counter several gateway instances share: position {@code turn} modulo
     * the pool's size, or, when that key is out, the next usable one after it (as {@link #choose} skips).
     */
    @Override
    public Candidate choose(List<Candidate> usable, long turn, int poolSize) {
        Candidate next = KeySelector.nextAfter(usable, (int) Math.floorMod(turn, (long) poolSize) - 1);
        last = next.position();
        return next;
    }
}
