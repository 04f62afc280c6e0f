/**
 * Key state shared by several gateway instances through one Redis: records written by compare-and-set on a revision
 * ({@code cas.lua}), counters by sums ({@code count.lua}), a channel that tells every instance each new record.
 * No key rule is written here or in the scripts: the instance applies the pool's {@code KeyRules} to Redis's record
 * and writes the result. {@link org.keyrelay.store.redis.RedisLayout} says what is where.
 */
package org.keyrelay.store.redis;
