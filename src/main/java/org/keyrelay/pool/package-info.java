/**
 * A provider's keys and everything known of them: plain Java, no Camel.
 * <p>
 * <b>The engine.</b> Everything that can happen to a key is one {@link org.keyrelay.pool.KeyOp} (served, succeeded,
 * failed with a verdict, measured, enabled, disabled, reset, restored from a store, shared by another instance). One
 * pure function, {@link org.keyrelay.pool.KeyRules#apply}, takes a key's {@link org.keyrelay.pool.KeyRecord} (state,
 * cooldown, cause, health, streak, model cooldowns, probation, revision), an operation, the time and the provider's
 * rules, and returns the next record and the {@link org.keyrelay.pool.PoolEvent}s it caused. The pool applies it under
 * its lock, the state file's restore goes through it, and the shared store computes the records it writes with it.
 * What a failure deserves (how long a cooldown) is {@link org.keyrelay.pool.CooldownPolicy}'s decision, made inside
 * that function.
 * <p>
 * <b>Answers.</b> Whether a key can serve now, for a model, when again and why not is
 * {@link org.keyrelay.pool.Readiness}, computed in one place and asked by selection, the pool's
 * {@link org.keyrelay.pool.Availability}, {@code /health}, the metrics, the admin API, the CLI and JMX.
 * {@link org.keyrelay.pool.KeyPool#select} answers "which key now, or when, or why none" from one instant. What a
 * request does after a failure (retry the same key, rotate, wait until T, give up) is
 * {@link org.keyrelay.pool.RotationPolicy}; the routes only carry its answer.
 * <p>
 * <b>A new key rule goes into {@link org.keyrelay.pool.KeyRules} (with a new {@link org.keyrelay.pool.KeyOp} if
 * something new can happen to a key, and a component of {@link org.keyrelay.pool.KeyRecord} if it must remember
 * more), with a test that applies it to a record; the pool, the state file and Redis then follow it unchanged.</b>
 * <p>
 * {@link org.keyrelay.pool.KeyPool} only coordinates: it takes the lock, picks by the rules of selection precedence,
 * applies operations, counts, publishes events and hands changes to the {@link org.keyrelay.pool.SharedKeyState}.
 */
package org.keyrelay.pool;
