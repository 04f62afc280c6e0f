package org.keyrelay.camel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The wait for a cooling key that {@link Rotation} asked for ({@link RequestContext#waitFor}), before the next try
 * selects a key. It is a timer on the client channel's event loop, cancelled when that channel closes: a client that
 * leaves while its request waits ends the request at once (no timer left, no further try, no answer written), and
 * the request goes on where it came in when the key is back. Camel's own delayed redelivery could not be cancelled.
 */
public final class KeyWait extends AsyncProcessorSupport {

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestContext context = RequestContext.of(exchange);
        long millis = context == null ? 0 : context.takeWait();
        if (millis <= 0) {
            callback.done(true);
            return true;
        }
        Channel client = ClientPresence.channel(exchange);
        EventExecutor loop = client == null ? GlobalEventExecutor.INSTANCE : client.eventLoop();
        AtomicBoolean ended = new AtomicBoolean();
        ChannelFutureListener[] onLeave = new ChannelFutureListener[1];
        ScheduledFuture<?> timer = loop.schedule(() -> {
            if (ended.compareAndSet(false, true)) {
                if (client != null) {
                    client.closeFuture().removeListener(onLeave[0]);
                }
                callback.done(false);
            }
        }, millis, TimeUnit.MILLISECONDS);
        if (client != null) {
            onLeave[0] = closed -> {
                if (ended.compareAndSet(false, true)) {
                    timer.cancel(false);
                    ClientPresence.endRequest(exchange);
                    callback.done(false);
                }
            };
            client.closeFuture().addListener(onLeave[0]);
        }
        return false;
    }
}
