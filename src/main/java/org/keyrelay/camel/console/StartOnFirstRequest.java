package org.keyrelay.camel.console;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Holds a web context unstarted until its first request, so what it costs to start (the Hawtio console: its MBeans,
 * Jolokia, a dozen servlets) is paid by the first person who opens it, not by every start of the gateway. The
 * server still routes by the context's path; the first request waits while it starts.
 */
final class StartOnFirstRequest extends Handler.Wrapper {

    private final ContextHandler context;

    StartOnFirstRequest(ContextHandler context) {
        super(context);
        this.context = context;
        unmanage(context); // started here, at the first request; stopped with this wrapper
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!context.isStarted()) {
            synchronized (this) {
                if (!context.isStarted() && isStarted()) {
                    context.start();
                }
            }
        }
        return super.handle(request, response, callback);
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            context.stop();
        }
        super.doStop();
    }
}
