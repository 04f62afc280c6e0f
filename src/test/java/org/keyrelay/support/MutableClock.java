package org.keyrelay.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move instead of sleeping. It either stands still at a fixed instant ({@link #fixed}) or follows
 * real time plus an offset ({@link #tickingFromNow}), so a gateway under test can still wait a few milliseconds
 * for a key while a test jumps hours ahead with {@link #advance}.
 */
public final class MutableClock extends Clock {

    private final boolean ticking;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final Instant fixedBase;

    private MutableClock(boolean ticking, Instant fixedBase) {
        this.ticking = ticking;
        this.fixedBase = fixedBase;
    }

    public static MutableClock fixed(Instant at) {
        return new MutableClock(false, at);
    }

    public static MutableClock tickingFromNow() {
        return new MutableClock(true, null);
    }

    public void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }

    @Override
    public Instant instant() {
        Instant base = ticking ? Instant.now() : fixedBase;
        return base.plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
