package org.keyrelay.config;

import org.keyrelay.http.Affinity;
import org.keyrelay.pool.CooldownSettings;
import org.keyrelay.pool.RecoverySettings;

/**
 * A provider's rules for its keys' state, from the keyring ({@code failWindow}, {@code cooldowns}, {@code recovery},
 * {@code affinity}); every one has a default, so a keyring without them works as before.
 */
public record KeyStateSettings(CooldownSettings cooldowns, RecoverySettings recovery, Affinity affinity) {

    public static KeyStateSettings defaults() {
        return new KeyStateSettings(CooldownSettings.defaults(), RecoverySettings.defaults(), Affinity.NONE);
    }
}
