package org.keyrelay.config;

/** A keyring that cannot be used; the message names the file, the line and the setting. */
public final class KeyringException extends RuntimeException {

    public KeyringException(String message) {
        super(message);
    }
}
