package org.keyrelay.camel;

import java.util.Collection;
import java.util.List;
import org.keyrelay.failure.FailureClass;

/** Hears when a request leaves one key for another (a rotation): which keys, and why the key before was left. */
@FunctionalInterface
public interface RotationListener {

    RotationListener NONE = (provider, fromKey, toKey, reason) -> { };

    void rotated(String provider, String fromKey, String toKey, FailureClass reason);

    /** Tells each of {@code listeners} in turn. */
    static RotationListener all(Collection<RotationListener> listeners) {
        List<RotationListener> each = List.copyOf(listeners);
        return each.isEmpty() ? NONE : each.size() == 1 ? each.get(0)
                : (provider, fromKey, toKey, reason) -> each.forEach(l -> l.rotated(provider, fromKey, toKey, reason));
    }
}
