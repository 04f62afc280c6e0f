package org.keyrelay.camel.events;

import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.support.DefaultExchange;
import org.keyrelay.events.KeyEvent;

/**
 * Sends each key event into the routes: a message on {@value #ENDPOINT} (routes/events.camel.yaml consumes it) whose
 * body is the event's JSON, with headers for plain YAML filters and a readable line. Runs on its
 * {@link org.keyrelay.events.EventOutlet}'s thread, never on a request's: a route that takes its time (a webhook) holds
 * back only the events behind it. Events before the routes run, or while no route consumes the endpoint (a reload in
 * progress, the file removed), are not delivered.
 */
public final class KeyEventsToRoutes implements Consumer<KeyEvent> {

    /** Where the routes receive key events. */
    public static final String ENDPOINT = "direct:key-events";
    /** The event's type ({@code cooled}, {@code recovered}, ..., see {@link KeyEvent.Type}). */
    public static final String TYPE = "KeyrelayEventType";
    /** The provider's id. */
    public static final String PROVIDER = "KeyrelayProvider";
    /** The key's id (absent for pool and rotation events). */
    public static final String KEY = "KeyrelayKey";
    /** The event as one readable line, for logs and chat messages. */
    public static final String TEXT = "KeyrelayEventText";

    private final CamelContext camelContext;
    private final ProducerTemplate producer;

    public KeyEventsToRoutes(CamelContext camelContext) {
        this.camelContext = camelContext;
        this.producer = camelContext.createProducerTemplate();
    }

    @Override
    public void accept(KeyEvent event) {
        if (!camelContext.isStarted()) {
            return;
        }
        Exchange exchange = new DefaultExchange(camelContext);
        exchange.getIn().setBody(event.toJson());
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setHeader(TYPE, event.type().wire());
        exchange.getIn().setHeader(PROVIDER, event.provider());
        if (event.key() != null) {
            exchange.getIn().setHeader(KEY, event.key());
        }
        exchange.getIn().setHeader(TEXT, event.describe());
        Exchange done = producer.send(ENDPOINT, exchange);
        if (done.getException() != null && !(done.getException() instanceof DirectConsumerNotAvailableException)) {
            throw new IllegalStateException(ENDPOINT + " failed: " + done.getException().getMessage(),
                    done.getException());
        }
    }
}
