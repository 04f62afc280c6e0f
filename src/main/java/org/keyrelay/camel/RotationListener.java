package org.keyrelay.camel;

import org.keyrelay.failure.FailureClass;

/** Hears when a request leaves one key for another (a rotation), and why the key before was left. */
@FunctionalInterface
public interface RotationListener {

    RotationListener NONE = (provider, reason) -> { };

    void rotated(String provider, FailureClass reason);
}
