package org.keyrelay.camel;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.keyrelay.Provider;
import org.keyrelay.pool.Availability;
import org.keyrelay.pool.Lease;
import org.keyrelay.pool.SelectionRequest;

/**
 * Picks the key for this attempt from the provider's pool (the provider's strategy decides; a transient
 * failure keeps the same key for one retry; a conversation stays on its key, see KeyPool). No usable key: {@link KeysCoolingException}, or a 503 when the
 * provider has no enabled key at all.
 */
public final class KeySelection implements Processor {

    @Override
    public void process(Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        Provider provider = context.provider();
        String model = context.request().model();
        Lease lease = provider.pool().acquire(new SelectionRequest(model, context.retrySameKey(),
                context.request().conversation())).orElse(null);
        if (lease == null) {
            Availability availability = provider.pool().availability(model);
            if (availability.enabledKeys() == 0 || availability.soonest().isEmpty()) {
                throw noKeys(provider);
            }
            throw new KeysCoolingException(provider.id(), availability.soonest().get());
        }
        context.use(lease);
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
