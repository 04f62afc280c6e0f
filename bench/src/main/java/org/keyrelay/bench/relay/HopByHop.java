package org.keyrelay.bench.relay;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/** The headers that belong to one connection and are not relayed (RFC 9110 7.6.1), nor Host and Content-Length. */
final class HopByHop {

    private HopByHop() {
    }

    static void strip(HttpHeaders headers) {
        headers.remove(HttpHeaderNames.CONNECTION);
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(HttpHeaderNames.PROXY_CONNECTION);
        headers.remove(HttpHeaderNames.TE);
        headers.remove(HttpHeaderNames.TRAILER);
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        headers.remove(HttpHeaderNames.UPGRADE);
        headers.remove(HttpHeaderNames.HOST);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    }
}
