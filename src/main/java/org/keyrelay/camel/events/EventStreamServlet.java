package org.keyrelay.camel.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.keyrelay.camel.TokenAccess;
import org.keyrelay.http.Problem;
import org.keyrelay.http.ProblemException;
import org.keyrelay.http.ProblemFormat;

/**
 * {@code GET /admin/events[?provider=ID]}: the {@link EventStream} for one client, behind the admin token (the admin
 * API's own check, {@link TokenAccess#admin}). Camel's servlet transport answers once a route is done, so a stream
 * that never ends is this small servlet of its own, on the same management server, with asynchronous writes.
 */
final class EventStreamServlet extends HttpServlet {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient EventStream stream;
    private final transient TokenAccess access;
    private final transient CamelContext camelContext;

    EventStreamServlet(EventStream stream, TokenAccess access, CamelContext camelContext) {
        this.stream = stream;
        this.access = access;
        this.camelContext = camelContext;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Exchange exchange = new DefaultExchange(camelContext);
        exchange.getIn().setHeader("Authorization", request.getHeader("Authorization"));
        try {
            access.process(exchange);
        } catch (ProblemException e) {
            problem(response, e.problem());
            return;
        }
        long lastEventId = lastEventId(request);
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no"); // a proxy in front passes each event at once
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        EventStreamClient client = new EventStreamClient(stream, async, response.getOutputStream(),
                blankToNull(request.getParameter("provider")));
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                stream.leave(client);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onError(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
        client.start();
        stream.join(client, lastEventId);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (!"GET".equals(request.getMethod())) {
            problem(response, new Problem(405, "method_not_allowed", "/admin/events answers GET only.",
                    Map.of()));
            return;
        }
        super.service(request, response);
    }

    /** The id after which a reconnecting client wants events ({@code Last-Event-ID}); 0 for all kept. */
    private static long lastEventId(HttpServletRequest request) {
        String id = request.getHeader("Last-Event-ID");
        try {
            return id == null ? 0 : Math.max(0, Long.parseLong(id.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void problem(HttpServletResponse response, Problem problem) throws IOException {
        response.setStatus(problem.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(ProblemFormat.KEYRELAY.render(problem)));
    }
}
