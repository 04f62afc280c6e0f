package org.keyrelay.selection;

import java.util.Comparator;
import java.util.List;

/**
 * The key with the fewest requests in flight; ties go to the one with the most budget left
 * ({@link Candidate#headroom()}), then to the one that served fewest, then to list order.
 */
public final class LeastUsed implements KeySelector {

    private static final Comparator<Candidate> LEAST_BUSY = Comparator.comparingInt(Candidate::inFlight)
            .thenComparing(Comparator.comparingInt(Candidate::headroom).reversed())
            .thenComparingLong(Candidate::requests)
            .thenComparingInt(Candidate::position);

    @Override
    public Candidate choose(List<Candidate> usable) {
        return usable.stream().min(LEAST_BUSY).orElseThrow();
    }
}
