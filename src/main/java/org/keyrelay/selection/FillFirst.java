package org.keyrelay.selection;

import java.util.List;

/** Drains keys in list order: always the first usable one ("aaa", then "bbb" once a is out). */
public final class FillFirst implements KeySelector {

    @Override
    public Candidate choose(List<Candidate> usable) {
        return usable.get(0);
    }
}
