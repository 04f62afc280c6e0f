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

    /**
     * What other instances need to hear of {@code op}, which took a key from {@code before} to {@code after}: its counts,
     * and the operation itself when it changed the shared part of the record or is an operator's; null when nothing
     * (an operation taken in from a store or another instance is never handed out again).
     */
    static KeyChange of(KeyRules rules, KeyRecord before, KeyRecord after, KeyOp op, KeyOp.Tally tally, Instant at) {
        if (op instanceof KeyOp.Shared || op instanceof KeyOp.Restored) {
            return null;
        }
        boolean forShared = !after.sameShared(before) || op.isOperators();
        return forShared || !tally.isEmpty()
                ? new KeyChange(rules.provider(), after.id(), at, tally, forShared ? op : null, rules) : null;
    }

    /** Only counts: nothing for the shared record. */
    public boolean countsOnly() {
        return op == null && tally.failure() == null;
    }
}
