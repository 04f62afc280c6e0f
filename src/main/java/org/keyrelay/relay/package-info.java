/**
 * The upstream side of the relay, in plain Netty (no Camel): keep-alive connections pooled per event loop and
 * upstream origin ({@link org.keyrelay.relay.UpstreamConnections}, Netty's SimpleChannelPool), each with the HTTP/1.1
 * client codec, TLS when the origin is https ({@link org.keyrelay.relay.UpstreamTls}: the JDK's trust store plus a
 * provider's caFile, host name verification, SNI) and a CONNECT tunnel when the environment names a proxy
 * ({@link org.keyrelay.relay.UpstreamProxies}). What one request hears back goes to an
 * {@link org.keyrelay.relay.UpstreamListener}; the Camel step that drives it is org.keyrelay.camel.RelayAttempt.
 * <p>
 * A new timeout is a component of {@link org.keyrelay.relay.UpstreamTimeouts} (connect, headers, response, idle; zero
 * is no limit); a per-provider one is read from the provider's configuration where the attempt takes its timeouts.
 */
package org.keyrelay.relay;
