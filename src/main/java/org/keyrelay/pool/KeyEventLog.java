package org.keyrelay.pool;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the operator, in the log, when a key leaves or rejoins rotation and why; key ids only, never secrets. */
public final class KeyEventLog implements Consumer<PoolEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(KeyEventLog.class);

    @Override
    public void accept(PoolEvent event) {
        if (!(event instanceof PoolEvent.StateChanged t)) {
            return;
        }
        if (t.to() == KeyState.INVALID) {
            LOG.warn("Key {}/{} rejected as invalid ({}): out of rotation until enabled or its fail window ends",
                    t.provider(), t.keyId(), t.reason());
        } else if (t.to() == KeyState.COOLING) {
            LOG.info("Key {}/{} cooling: {}", t.provider(), t.keyId(), t.reason());
        } else {
            LOG.info("Key {}/{} {} ({})", t.provider(), t.keyId(), t.to().label(), t.reason());
        }
    }
}
