package org.keyrelay.camel.console;

import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Builds and starts a web context at its first request, so what it costs (the Hawtio console: its servlets, filters,
 * Jolokia policy, class loading) is paid by the first person who opens it, not by every start of the gateway. Until
 * then an empty context with the same path stands in for it, so the server routes the path here; the first request
 * waits while the real one is built and started.
 */
final class StartOnFirstRequest extends Handler.Wrapper {

    private final Supplier<? extends ContextHandler> build;
    private ContextHandler context;

    StartOnFirstRequest(String contextPath, Supplier<? extends ContextHandler> build) {
        super(new ContextHandler(contextPath));
        this.build = build;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        ContextHandler started;
        synchronized (this) {
            if (context == null && isStarted()) {
                ContextHandler built = build.get();
                built.setServer(getServer());
                built.start();
                context = built;
            }
            started = context;
        }
        return started != null && started.handle(request, response, callback);
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            if (context != null) {
                context.stop();
                context = null;
            }
        }
        super.doStop();
    }
}
