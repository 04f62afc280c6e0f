package org.keyrelay.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Where a load client sends its requests: a URL, a JSON body and extra headers ({@code Name: value}). */
record Target(String host, int port, String pathAndQuery, ByteBuf body, List<String> headers) {

    static Target of(Args a) {
        URI uri = URI.create(a.required("--url"));
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        ByteBuf body = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(a.string("--body",
                "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}"),
                StandardCharsets.UTF_8));
        return new Target(uri.getHost(), uri.getPort(), path, body, a.all("--header"));
    }

    FullHttpRequest request() {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, pathAndQuery, body.duplicate());
        r.headers().set(HttpHeaderNames.HOST, host + ":" + port);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        for (String h : headers) {
            int colon = h.indexOf(':');
            r.headers().add(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
        }
        return r;
    }
}
