package org.keyrelay.pool;

/**
 * The key chosen for a provider, as it survives a restart: the key an operator chose ({@code keys use}, {@code keys
 * rotate}) or the keyring's {@code startKey} put in use, and the {@code startKey} last put in use. A keyring whose
 * {@code startKey} differs from the one last put in use was edited since: its {@code startKey} wins over the choice
 * remembered ({@link KeyPool#startOn}). Key ids only.
 *
 * @param chosen   the key the next requests go to while it may serve (see {@link KeyPool#use}); null: none chosen,
 *                 the strategy picks
 * @param startKey the keyring's {@code startKey} last put in use; null: none yet
 */
public record KeyChoice(String chosen, String startKey) {

    public static final KeyChoice NONE = new KeyChoice(null, null);

    public boolean isNone() {
        return chosen == null && startKey == null;
    }
}
