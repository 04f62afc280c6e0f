package org.keyrelay.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.keyrelay.http.BrowserPolicy;

/**
 * The management port: one embedded Jetty (ee10) that serves Camel's servlet transport at {@code /*} in the root
 * context, so every {@code servlet:} / REST DSL route (the admin API in routes/admin.camel.yaml; metrics and
 * health in routes/monitoring.camel.yaml) answers on it. Other web contexts (a Hawtio WebAppContext at /hawtio) join the same server through
 * {@link #addContext} before it starts; the longest context path wins, so /hawtio/... never reaches Camel.
 * Every request passes the {@link ManagementBrowserGuard} first. Started and stopped with the CamelContext, as one
 * of its services.
 */
public final class ManagementServer extends ServiceSupport {

    private final String host;
    private final int requestedPort;
    private final String servletName;
    private final Supplier<BrowserPolicy> browsers;
    private final List<Handler> extraContexts = new ArrayList<>();
    private Server server;
    private volatile int port;

    /** @param servletName the name the servlet component's endpoints look the servlet up by */
    public ManagementServer(String host, int port, String servletName) {
        this(host, port, servletName, () -> BrowserPolicy.NONE);
    }

    /** @param browsers the browser policy now (the keyring's, which a reload replaces): see {@link ManagementBrowserGuard} */
    public ManagementServer(String host, int port, String servletName, Supplier<BrowserPolicy> browsers) {
        this.host = host;
        this.requestedPort = port;
        this.servletName = servletName;
        this.browsers = browsers;
    }

    /** Adds a web context (for instance a Hawtio WebAppContext with context path /hawtio); call before start. */
    public synchronized void addContext(Handler context) {
        if (server != null) {
            throw new IllegalStateException("the management server has started: add contexts before it starts");
        }
        extraContexts.add(context);
    }

    @Override
    protected synchronized void doStart() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(24, 2);
        threads.setName("keyrelay-management");
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(requestedPort);
        server.addConnector(connector);

        ServletContextHandler camel = new ServletContextHandler();
        camel.setContextPath("/");
        ServletHolder servlet = new ServletHolder(servletName, new CamelHttpTransportServlet());
        servlet.setInitOrder(0);
        camel.addServlet(servlet, "/*");

        ContextHandlerCollection contexts = new ContextHandlerCollection();
        extraContexts.forEach(contexts::addHandler);
        contexts.addHandler(camel);
        server.setHandler(new ManagementBrowserGuard(browsers, host, contexts));
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw new IllegalStateException("The management port " + host + ":" + requestedPort
                    + " cannot be opened (" + e.getMessage() + "): choose another with --management-port"
                    + " or KEYRELAY_MANAGEMENT_PORT (0 picks a free one)", e);
        }
        port = connector.getLocalPort();
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public String host() {
        return host;
    }

    /** The port it listens on (the one picked when 0 was asked for); 0 before start. */
    public int port() {
        return port;
    }

    /** Its base URL, such as {@code http://127.0.0.1:8081}. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port;
    }
}
