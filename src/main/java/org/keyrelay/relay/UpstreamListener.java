package org.keyrelay.relay;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;

/** What one upstream exchange hears, on the connection's event loop, in order. */
public interface UpstreamListener {

    /** The response head (never a 1xx). */
    void head(HttpResponse response);

    /** Body bytes (released after the call: retain to keep them); {@code last} ends the response. */
    void content(ByteBuf bytes, boolean last);

    /** What one read from the connection brought has been handed over (a moment to flush what it caused). */
    default void readComplete() {
    }

    /** The connection failed, timed out or closed before the response ended. */
    void failed(Throwable cause);
}
