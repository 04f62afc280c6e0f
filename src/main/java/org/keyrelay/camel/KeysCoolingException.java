package org.keyrelay.camel;

import java.time.Instant;

/** No key of the provider is usable now; the soonest is back at {@link #soonest()}. */
public final class KeysCoolingException extends RuntimeException {

    private final String provider;
    private final Instant soonest;

    public KeysCoolingException(String provider, Instant soonest) {
        super("every key of provider '" + provider + "' is cooling down", null, false, false);
        this.provider = provider;
        this.soonest = soonest;
    }

    public String provider() {
        return provider;
    }

    public Instant soonest() {
        return soonest;
    }
}
