/**
 * Where key state lives between runs and across instances. {@link org.keyrelay.store.KeyStateStore} is the port:
 * per provider, each key's {@link org.keyrelay.pool.KeyMemory}, never a secret. The default is the file store
 * ({@link org.keyrelay.store.FileKeyStateStore}: {@code state.json}, atomic writes, one writer by an OS lock), written
 * by the {@link org.keyrelay.store.CoalescingStateWriter} when pools publish events; a pool takes a loaded memory in
 * as a {@code KeyOp.Restored}, through the same rules as everything else. {@code store/redis} shares records between
 * gateway instances: Redis keeps records and compares-and-sets their revisions, it never decides; the instance
 * computes each next record with {@code KeyRules}. A store decides nothing about a key: a rule that seems to belong
 * here goes to {@code pool/KeyRules}.
 */
package org.keyrelay.store;
