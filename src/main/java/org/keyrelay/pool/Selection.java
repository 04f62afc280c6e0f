package org.keyrelay.pool;

import java.util.Optional;

/**
 * The pool's one answer to "which key now, or when, or why none", taken at one instant under the pool's lock: either
 * a key was chosen, or none is selectable and {@link Availability} says whether a key comes back (and when) or no key
 * is enabled at all. Asking twice (choose, then ask when) could see two instants and contradict itself.
 */
public sealed interface Selection {

    /** A key was chosen and counted in flight. */
    record Chosen(Lease lease) implements Selection {}

    /** No key is selectable now: {@code availability} says why, as of the same instant. */
    record NoneNow(Availability availability) implements Selection {}

    default Optional<Lease> chosen() {
        return this instanceof Chosen c ? Optional.of(c.lease()) : Optional.empty();
    }
}
