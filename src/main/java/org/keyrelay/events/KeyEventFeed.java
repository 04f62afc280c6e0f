package org.keyrelay.events;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.keyrelay.Gateway;
import org.keyrelay.Provider;
import org.keyrelay.failure.FailureClass;

/**
 * Every key event of the gateway, from every provider's pool (and the pools a keyring reload adds), handed to its
 * outlets in the order each pool decided them. Plain Java: the outlets decide where events go (the routes, the
 * {@code /admin/events} stream); each must not wait (see {@link EventOutlet}).
 */
public final class KeyEventFeed implements Gateway.ProviderListener {

    private final Clock clock;
    private final List<Consumer<KeyEvent>> outlets = new CopyOnWriteArrayList<>();
    private final Map<String, PoolEventTranslator> pools = new ConcurrentHashMap<>();

    public KeyEventFeed(Clock clock) {
        this.clock = clock;
    }

    /** Follows the gateway's pools, now and after keyring reloads. */
    public KeyEventFeed bind(Gateway gateway) {
        gateway.providers().values().forEach(this::added);
        gateway.subscribe(this);
        return this;
    }

    public void addOutlet(Consumer<KeyEvent> outlet) {
        outlets.add(outlet);
    }

    /** A request left {@code fromKey} for {@code toKey} because of {@code reason}. */
    public void rotated(String provider, String fromKey, String toKey, FailureClass reason) {
        publish(new KeyEvent(KeyEvent.Type.ROTATED, clock.instant(), provider, null,
                PoolEventTranslator.label(reason), null, null, fromKey, toKey, null));
    }

    /** Tells an event that is decided outside the pools' own events (usage-aware rotation's {@code spent}). */
    public void publish(KeyEvent event) {
        for (Consumer<KeyEvent> outlet : outlets) {
            outlet.accept(event);
        }
    }

    @Override
    public void added(Provider provider) {
        PoolEventTranslator fresh = new PoolEventTranslator(provider.pool(), clock, this::publish);
        PoolEventTranslator old = pools.put(provider.id(), fresh);
        if (old != null) {
            old.unbind();
        }
        provider.pool().subscribe(fresh);
    }

    @Override
    public void removed(Provider provider) {
        PoolEventTranslator gone = pools.remove(provider.id());
        if (gone != null) {
            gone.unbind();
        }
    }
}
