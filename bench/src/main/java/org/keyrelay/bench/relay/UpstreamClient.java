package org.keyrelay.bench.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

/** One way to send a request upstream and hand its aggregated answer to an {@link Answer}. */
interface UpstreamClient {

    /**
     * Sends {@code method uri} with {@code headers} (end-to-end only) and {@code body} (owned by the client from
     * here on); the answer or the failure goes to {@code answer}. Called on {@code ingress}'s event loop.
     */
    void exchange(Channel ingress, HttpMethod method, String uri, HttpHeaders headers, ByteBuf body, Answer answer);
}
