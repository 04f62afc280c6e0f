package org.keyrelay.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** How every answer on the management port (the admin API, metrics, health) begins. */
public final class ManagementReply {

    private ManagementReply() {
    }

    /**
     * Drops every request header (nothing the caller sent is echoed back), sets the status and the content type and
     * forbids caching; the caller sets the body.
     */
    public static Message start(Exchange exchange, int status, String contentType) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader("Cache-Control", "no-store");
        out.setHeader(Exchange.CONTENT_TYPE, contentType);
        return out;
    }
}
