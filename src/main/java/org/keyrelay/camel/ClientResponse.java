package org.keyrelay.camel;

import java.util.List;
import java.util.Map;

/** A complete answer for the client; {@link GatewayHttpBinding} writes exactly these headers and this body. */
public record ClientResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {}
