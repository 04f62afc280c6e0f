package org.keyrelay.camel.events;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.keyrelay.Gateway;
import org.keyrelay.camel.GatewayTuning;
import org.keyrelay.camel.RotationListener;
import org.keyrelay.camel.metrics.KeyrelayMeters;
import org.keyrelay.events.EventOutlet;
import org.keyrelay.events.KeyEventFeed;

/**
 * Key events, bound once in Java so a route reload keeps them: the feed of every pool's events ({@code keyEvents},
 * also the {@link RotationListener} the key selection tells: configure this before GatewayBeans), two outlets with
 * their own bounded queues (the routes, {@link KeyEventsToRoutes#ENDPOINT}; the {@code /admin/events} stream,
 * {@code keyEventStream}), their drop counters on the keyrelay meters (configure this after MetricsBeans), and
 * {@code keyEventMessages} for routes that post to a chat. Settings: {@code keyrelay.events.queue} (events an outlet
 * holds while it is behind, 1000), {@code keyrelay.events.retain} (events kept for a stream client that connects
 * late, 100).
 */
public class KeyEventBeans implements CamelConfiguration {

    /** How often each stream client gets a keep-alive comment. */
    private static final long KEEP_ALIVE_SECONDS = 15;

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        GatewayTuning tuning = GatewayTuning.of(camelContext);
        int queue = tuning.eventsQueue();
        Registry registry = camelContext.getRegistry();
        Gateway gateway = registry.lookupByNameAndType("gateway", Gateway.class);
        EventStream stream = new EventStream(tuning.eventsRetain());
        EventOutlet toRoutes = new EventOutlet("routes", queue, new KeyEventsToRoutes(camelContext));
        EventOutlet toStream = new EventOutlet("stream", queue, stream::publish);
        KeyEventFeed feed = new KeyEventFeed(gateway.clock());
        feed.addOutlet(toRoutes);
        feed.addOutlet(toStream);
        feed.bind(gateway);
        registry.bind("keyEvents", feed);
        registry.bind("keyEventRotations", (RotationListener) feed::rotated);
        registry.bind("keyEventStream", stream);
        registry.bind("keyEventMessages", new KeyEventMessages());
        KeyrelayMeters meters = registry.lookupByNameAndType("keyrelayMeters", KeyrelayMeters.class);
        if (meters != null) {
            meters.bindEventOutlet(toRoutes);
            meters.bindEventOutlet(toStream);
        }
        camelContext.addService(new Lifecycle(stream, List.of(toRoutes, toStream)), true, true);
    }

    /** Keep-alives while the context runs; at stop, the streams end and the outlets' threads stop. */
    private static final class Lifecycle extends ServiceSupport {
        private final EventStream stream;
        private final List<EventOutlet> outlets;
        private ScheduledExecutorService keepAlive;

        Lifecycle(EventStream stream, List<EventOutlet> outlets) {
            this.stream = stream;
            this.outlets = outlets;
        }

        @Override
        protected void doStart() {
            keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "keyrelay-events-keep-alive");
                t.setDaemon(true);
                return t;
            });
            keepAlive.scheduleAtFixedRate(stream::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        protected void doStop() {
            keepAlive.shutdownNow();
            stream.closeAll();
            outlets.forEach(EventOutlet::close);
        }
    }
}
