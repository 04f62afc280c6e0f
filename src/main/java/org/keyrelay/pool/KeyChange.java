package org.keyrelay.pool;

import java.time.Instant;

/**
 * What one pool operation did to one key, as other gateway instances need to hear it ({@link SharedKeyState}): counts
 * to add, and the operation itself when it changed the key's record, for the shared store to apply to its own record
 * of the key by the same {@code rules}. Key ids only, never a secret.
 *
 * @param at    when it happened, by the pool's clock
 * @param tally counts to add
 * @param op    the operation to apply to the shared record; null when it changed only counts
 * @param rules the provider's rules at the time
 */
public record KeyChange(String provider, String keyId, Instant at, KeyOp.Tally tally, KeyOp op, KeyRules rules) {

    /** Only counts: nothing for the shared record. */
    public boolean countsOnly() {
        return op == null && tally.failure() == null;
    }
}
