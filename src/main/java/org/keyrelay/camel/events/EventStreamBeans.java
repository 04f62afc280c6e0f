package org.keyrelay.camel.events;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.keyrelay.admin.AdminToken;
import org.keyrelay.camel.ManagementServer;
import org.keyrelay.camel.TokenAccess;

/**
 * {@code GET /admin/events} on the management server: {@code keyEventStream} (bound by {@link KeyEventBeans}) behind
 * the admin token, as a web context of its own ({@code managementServer}, bound by ManagementBeans: configure this
 * after it). The longest context path wins, so this path never reaches the admin routes.
 */
public class EventStreamBeans implements CamelConfiguration {

    /** Where the stream is served. */
    public static final String PATH = "/admin/events";

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Registry registry = camelContext.getRegistry();
        ManagementServer server = registry.lookupByNameAndType("managementServer", ManagementServer.class);
        EventStream stream = registry.lookupByNameAndType("keyEventStream", EventStream.class);
        AdminToken token = registry.lookupByNameAndType("adminToken", AdminToken.class);
        server.addContext(() -> {
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath(PATH);
            context.setAllowNullPathInContext(true); // /admin/events itself, not a redirect to /admin/events/
            ServletHolder servlet = new ServletHolder("keyEvents",
                    new EventStreamServlet(stream, TokenAccess.admin(token), camelContext));
            servlet.setAsyncSupported(true);
            context.addServlet(servlet, "/*");
            return context;
        });
    }
}
