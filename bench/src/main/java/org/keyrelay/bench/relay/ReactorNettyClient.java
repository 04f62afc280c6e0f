package org.keyrelay.bench.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Reactor Netty's {@link HttpClient} on the ingress server's own event loops ({@code runOn}), with its default pooled
 * ConnectionProvider and keep-alive, TCP_NODELAY; the answer aggregated by {@code responseSingle}. Sent the way
 * Spring Cloud Gateway's routing filter does: {@code headers(...).request(method).uri(uri).send(...)}.
 */
final class ReactorNettyClient implements UpstreamClient {

    private final HttpClient client;

    ReactorNettyClient(URI upstream, EventLoopGroup loops) {
        this.client = HttpClient.create()
                .runOn(loops)
                .baseUrl("http://" + upstream.getHost() + ":" + upstream.getPort())
                .option(ChannelOption.TCP_NODELAY, true)
                .keepAlive(true);
    }

    @Override
    public void exchange(Channel ingress, HttpMethod method, String uri, HttpHeaders headers, ByteBuf body, Answer answer) {
        client.headers(h -> h.set(headers))
                .request(method)
                .uri(uri)
                .send(Mono.just(body))
                .responseSingle((response, content) -> content.retain().defaultIfEmpty(Unpooled.EMPTY_BUFFER)
                        .map(buf -> new Reply(response.status(), response.responseHeaders(), buf)))
                .subscribe(reply -> answer.respond(reply.status(), reply.headers(), reply.body()), answer::fail);
    }

    private record Reply(HttpResponseStatus status, HttpHeaders headers, ByteBuf body) {
    }
}
