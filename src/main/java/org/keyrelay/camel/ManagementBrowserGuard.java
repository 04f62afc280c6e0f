package org.keyrelay.camel;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.keyrelay.http.BrowserPolicy;
import org.keyrelay.http.Problem;

/**
 * The {@link BrowserPolicy} on the management port, in front of everything it serves (admin API, metrics, health, the
 * Hawtio console and its Jolokia): a Host that is not this gateway's (a DNS-rebinding page) or a web page that is not
 * allowed gets 403 JSON before any of them sees the request; an allowed origin gets CORS answers, its preflight too.
 */
final class ManagementBrowserGuard extends Handler.Wrapper {

    private final Supplier<BrowserPolicy> policy;
    private final String ownHost;

    ManagementBrowserGuard(Supplier<BrowserPolicy> policy, String ownHost, Handler next) {
        super(next);
        this.policy = policy;
        this.ownHost = ownHost;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        BrowserPolicy browsers = policy.get();
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        Optional<String> refusal = browsers.refusal(request.getHttpURI().getScheme() == null ? "http"
                        : request.getHttpURI().getScheme(), ownHost, request.getHeaders().get(HttpHeader.HOST), origin,
                request.getHeaders().get("Sec-Fetch-Site"));
        if (refusal.isPresent()) {
            answer(response, callback, 403, List.of(), GatewayAnswers.body(new Problem(403, "forbidden", refusal.get(), Map.of())));
            return true;
        }
        if (BrowserPolicy.isPreflight(request.getMethod(), origin,
                request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD))) {
            answer(response, callback, 204, browsers.preflightHeaders(origin,
                    request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS)), new byte[0]);
            return true;
        }
        browsers.corsHeaders(origin).forEach(h -> response.getHeaders().add(h.getKey(), h.getValue()));
        return super.handle(request, response, callback);
    }

    private static void answer(Response response, Callback callback, int status, List<Map.Entry<String, String>> headers,
                               byte[] body) {
        response.setStatus(status);
        headers.forEach(h -> response.getHeaders().add(h.getKey(), h.getValue()));
        if (body.length > 0) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
