package org.keyrelay.config;

/**
 * A setting with a bad value; the message names where it was written, the setting and the value, and says what is
 * allowed ({@link SettingValues}). A user's mistake, told as such: one line, no stack trace.
 */
public final class SettingException extends IllegalArgumentException {

    public SettingException(String message) {
        super(message);
    }
}
