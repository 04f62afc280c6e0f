package org.keyrelay.pool;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of one key, with the transitions that are legal between them.
 * <ul>
 *   <li>ACTIVE: usable.</li>
 *   <li>COOLING: rate-limited, out of quota or failing; usable again at its cooldown's end.</li>
 *   <li>INVALID: rejected as invalid; out until an operator re-enables it or its fail window lets one probe through.</li>
 *   <li>DISABLED: switched off by an operator; only an operator brings it back.</li>
 * </ul>
 */
public enum KeyState {
    ACTIVE, COOLING, INVALID, DISABLED;

    private static final Map<KeyState, Set<KeyState>> LEGAL = Map.of(
            ACTIVE, EnumSet.of(ACTIVE, COOLING, INVALID, DISABLED),
            COOLING, EnumSet.of(ACTIVE, COOLING, INVALID, DISABLED),
            INVALID, EnumSet.of(ACTIVE, COOLING, INVALID, DISABLED),
            DISABLED, EnumSet.of(ACTIVE, DISABLED));

    public boolean canMoveTo(KeyState next) {
        return LEGAL.get(this).contains(next);
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
