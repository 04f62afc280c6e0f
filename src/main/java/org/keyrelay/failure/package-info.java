/**
 * What an upstream failure means, in plain Java: {@link org.keyrelay.failure.FailureClassifier} turns an upstream
 * answer (status, headers, body), a stream's error event or a failed connection into a
 * {@link org.keyrelay.failure.Verdict}: its {@link org.keyrelay.failure.FailureClass}, the quota window, when the
 * key is back ({@link org.keyrelay.failure.RetryAfter}) and a reason built from our own constants. It decides what
 * happened, never what to do about it: the pool (pool/) and the rotation policy decide that.
 * <p>
 * A new failure class goes here: a constant of {@link org.keyrelay.failure.FailureClass} with the check that finds
 * it in {@link org.keyrelay.failure.FailureClassifier} (a named code or phrase constant, at its place in the written
 * order of checks) and a fixture under src/test/resources/fixtures/errors/; then the pool's cooldown policy says
 * what it does to a key.
 */
package org.keyrelay.failure;
