package org.keyrelay.camel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
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
 * <p>
 * Its port can be taken ({@link #bind}) before the server starts: a busy port is then reported before anything
 * else listens, while Jetty, its servlets and the web contexts start later (ManagementBeans starts them once the
 * ingress listens, so the first proxied request does not wait for them). Connections made in between wait in the
 * port's backlog and are served when the server has started.
 */
public final class ManagementServer extends ServiceSupport {

    private final String host;
    private final int requestedPort;
    private final String servletName;
    private final Supplier<BrowserPolicy> browsers;
    private final List<Supplier<? extends Handler>> extraContexts = new ArrayList<>();
    private Server server;
    private ServerSocketChannel channel;
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

    /**
     * Adds a web context (for instance a Hawtio WebAppContext with context path /hawtio); call before start. It is
     * made when the server starts, after the ingress listens: Jetty's classes are not loaded before.
     */
    public synchronized void addContext(Supplier<? extends Handler> context) {
        if (server != null) {
            throw new IllegalStateException("the management server has started: add contexts before it starts");
        }
        extraContexts.add(context);
    }

    /**
     * Takes the port (the one asked for; a free one for 0) without starting the server; {@link #port()} then says
     * which. Does nothing when the port is already taken by this server.
     *
     * @throws IllegalStateException naming the port and the settings that choose another when it cannot be opened
     */
    public synchronized void bind() {
        if (channel != null) {
            return;
        }
        ServerSocketChannel opened = null;
        try {
            opened = ServerSocketChannel.open();
            opened.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as Jetty's own connector does
            opened.bind(new InetSocketAddress(host, requestedPort));
        } catch (IOException e) {
            closeQuietly(opened);
            throw new IllegalStateException("The management port " + host + ":" + requestedPort
                    + " cannot be opened (" + e.getMessage() + "): choose another with --management-port"
                    + " or KEYRELAY_MANAGEMENT_PORT (0 picks a free one)", e);
        }
        channel = opened;
        port = opened.socket().getLocalPort();
    }

    /** Lets go of a port taken by {@link #bind} that the server did not start on (Camel stopped before). */
    public synchronized void unbind() {
        if (server == null) {
            closeQuietly(channel);
            channel = null;
        }
    }

    /** Whether Jetty is serving on the port (not only {@link #bind bound}). */
    public synchronized boolean isServing() {
        return server != null && server.isStarted();
    }

    @Override
    protected synchronized void doStart() throws Exception {
        bind();
        QueuedThreadPool threads = new QueuedThreadPool(24, 2);
        threads.setName("keyrelay-management");
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        connector.open(channel);
        server.addConnector(connector);

        ServletContextHandler camel = new ServletContextHandler();
        camel.setContextPath("/");
        ServletHolder servlet = new ServletHolder(servletName, new CamelHttpTransportServlet());
        servlet.setInitOrder(0);
        camel.addServlet(servlet, "/*");

        ContextHandlerCollection contexts = new ContextHandlerCollection();
        extraContexts.forEach(context -> contexts.addHandler(context.get()));
        contexts.addHandler(camel);
        server.setHandler(new ManagementBrowserGuard(browsers, host, contexts));
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            server = null;
            closeQuietly(channel);
            channel = null;
            throw new IllegalStateException("The management server on " + host + ":" + port
                    + " cannot start (" + e.getMessage() + ")", e);
        }
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (server != null) {
            server.stop(); // closes the channel too
            server = null;
        }
        closeQuietly(channel);
        channel = null;
    }

    private static void closeQuietly(ServerSocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing a listening socket: nothing to do about a failure
            }
        }
    }

    public String host() {
        return host;
    }

    /** The port it listens on (the one picked when 0 was asked for); 0 before {@link #bind} or start. */
    public int port() {
        return port;
    }

    /** Its base URL, such as {@code http://127.0.0.1:8081}. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port;
    }
}
