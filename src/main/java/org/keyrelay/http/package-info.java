/**
 * HTTP as the gateway speaks it, in plain Java: header hygiene in small named steps
 * ({@link org.keyrelay.http.UpstreamHeaders} towards the upstream, {@link org.keyrelay.http.ResponseHeaders} back to
 * the client; which headers never cross is {@link org.keyrelay.http.HeaderNames}'s), how a provider takes its key
 * ({@link org.keyrelay.http.AuthStyle}), what a streamed answer begins with and what it used
 * ({@link org.keyrelay.http.StreamPrelude}, {@link org.keyrelay.http.UsageMeter}), session affinity
 * ({@link org.keyrelay.http.Affinity}).
 * <p>
 * The errors the gateway and its admin API answer themselves are {@link org.keyrelay.http.Problem}s: a value (status,
 * type, message, details), thrown as a {@link org.keyrelay.http.ProblemException}, written as JSON by a
 * {@link org.keyrelay.http.ProblemFormat}. A new envelope for them is a new format, not a new problem.
 */
package org.keyrelay.http;
