package org.keyrelay.camel;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.http.NettyHttpMessage;
import org.keyrelay.Gateway;
import org.keyrelay.Provider;
import org.keyrelay.http.ApiStyle;
import org.keyrelay.http.RequestFields;
import org.keyrelay.http.RequestTarget;
import org.keyrelay.http.StreamingRequest;

/**
 * The first step of the ingress route: takes the client's request off Netty once (headers, raw path, the body
 * as bytes so every retry can send it again), finds the provider from the first path segment, reads the
 * conversation id when the provider has session affinity, and enforces the body limit. The route's
 * {@link ApiStyle} is decided here first, so every answer after it, errors of this step included, speaks it.
 * Unknown provider: 404 naming the known ones; body over maxBodyBytes: 413.
 */
public final class RequestIntake implements Processor {

    private final Gateway gateway;

    public RequestIntake(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void process(Exchange exchange) {
        FullHttpRequest http = exchange.getIn(NettyHttpMessage.class).getHttpRequest();
        RequestTarget target;
        try {
            target = RequestTarget.parse(http.uri());
        } catch (IllegalArgumentException e) {
            throw new GatewayRejection(400, "bad_request", "Bad request target: " + e.getMessage() + ".", Map.of());
        }
        String path = target.path();
        String rawQuery = target.rawQuery();
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        String providerId = slash < 0 ? trimmed : trimmed.substring(0, slash);
        String rest = slash < 0 ? "" : trimmed.substring(slash);

        Provider provider = gateway.provider(providerId).orElse(null);
        exchange.setProperty(GatewayAnswers.API_STYLE,
                ApiStyle.of(rest, provider == null ? null : provider.config().auth()));
        if (provider == null) {
            throw unknownProvider(providerId);
        }
        int length = http.content().readableBytes();
        if (length > gateway.keyring().maxBodyBytes()) {
            throw new GatewayRejection(413, "request_too_large", "The request body has " + length
                    + " bytes; the limit (maxBodyBytes) is " + gateway.keyring().maxBodyBytes() + ".", Map.of());
        }
        byte[] body = ByteBufUtil.getBytes(http.content());
        List<Map.Entry<String, String>> headers = new ArrayList<>(http.headers().size());
        http.headers().forEach(h -> headers.add(Map.entry(h.getKey(), h.getValue())));
        List<Map.Entry<String, String>> headerList = List.copyOf(headers);
        RequestFields fields = RequestFields.of(body, http.headers().get("content-type"));
        ClientRequest request = new ClientRequest(http.method().name(), providerId, rest, rawQuery, headerList, body,
                fields.model(), StreamingRequest.expected(rest, fields.stream()), HttpUtil.isKeepAlive(http),
                provider.config().keyState().affinity().conversation(headerList, body));
        exchange.setProperty(RequestContext.PROPERTY, new RequestContext(provider, request));
    }

    private GatewayRejection unknownProvider(String id) {
        List<String> known = List.copyOf(gateway.providers().keySet());
        String name = id.isEmpty() ? "No provider in the path" : "No provider '" + id + "'";
        return new GatewayRejection(404, "unknown_provider", name + ". Send requests to /<provider>/..., one of: "
                + String.join(", ", known) + ".", Map.of("known_providers", known));
    }
}
