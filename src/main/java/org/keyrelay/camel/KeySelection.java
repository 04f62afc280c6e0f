package org.keyrelay.camel;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.keyrelay.Provider;
import org.keyrelay.pool.Availability;
import org.keyrelay.pool.Lease;
import org.keyrelay.pool.Selection;
import org.keyrelay.pool.SelectionRequest;

/**
 * Picks the key for this attempt from the provider's pool (the provider's strategy decides; a transient
 * failure keeps the same key for one retry; a conversation stays on its key, see KeyPool). No usable key:
 * {@link KeysCoolingException}, or a 503 when the provider has no enabled key at all. A request that moves to
 * another key is a rotation, told to the {@link RotationListener} with why the key before was left.
 */
public final class KeySelection implements Processor {

    private final RotationListener rotations;

    public KeySelection(RotationListener rotations) {
        this.rotations = rotations;
    }

    @Override
    public void process(Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        if (ClientPresence.gone(exchange)) { // the client left: no key taken, no upstream call
            ClientPresence.endRequest(exchange);
            return;
        }
        Provider provider = context.provider();
        String model = context.request().model();
        Selection selection = provider.pool().select(new SelectionRequest(model, context.retrySameKey(),
                context.request().conversation()));
        if (selection instanceof Selection.NoneNow none) {
            Availability availability = none.availability();
            throw availability.soonest().<RuntimeException>map(t -> new KeysCoolingException(provider.id(), t))
                    .orElseGet(() -> noKeys(provider));
        }
        Lease lease = ((Selection.Chosen) selection).lease();
        String fromKey = context.lease() == null ? null : context.lease().key().id();
        if (context.use(lease) && context.lastFailure() != null) {
            rotations.rotated(provider.id(), fromKey, lease.key().id(), context.lastFailure());
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                lease.released();
            }
        });
    }

    private static GatewayRejection noKeys(Provider provider) {
        String env = provider.config().envKeys();
        return new GatewayRejection(503, "no_keys", "Provider '" + provider.id() + "' has no enabled key. Add one under "
                + "its keys: in the keyring" + (env == null ? "" : " or set " + env) + ", or enable a disabled key.",
                Map.of("provider", provider.id()));
    }
}
