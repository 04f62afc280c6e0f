package org.keyrelay.admin;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What an operator can do to one key of a provider (or, for {@link #ROTATE}, to the provider's key in use; for
 * {@link #REFRESH}, to every key of the provider), the same through the admin API, JMX and the CLI:
 * {@code keyrelay keys <word> PROVIDER [ID]}, {@code POST /admin/providers/{p}/keys/{id}/<word>} (remove:
 * {@code DELETE .../keys/{id}}, rotate and refresh: {@code POST .../{p}/<word>}) and the JMX operation of the same
 * name. {@link KeyAdmin#act} does each on a key and rotate, {@link KeyAdmin#refresh} refresh.
 */
public enum KeyAction {
    ENABLE("enabled", "Bring a key back: active, full health, no cooldown"),
    DISABLE("disabled", "Switch a key off until it is enabled again"),
    RESET("reset", "Forget a key's failures: its cooldown ends and its health is full (a disabled key stays disabled)"),
    USE("now using", "Send the next requests to this key while it is usable (kept across restarts)"),
    ROTATE("now using", "Move on from the key in use to the next usable one; returns its id (kept across restarts)"),
    REFRESH("refreshed", "Give every key of the provider a fresh start, as reset does for one: cooldowns end, health is"
            + " full, failures are forgotten (disabled keys stay disabled)"),
    REMOVE("removed", "Remove a key added with the CLI, the admin API or an import (a keyring key is removed from the"
            + " keyring)");

    private final String done;
    private final String description;

    KeyAction(String done, String description) {
        this.done = done;
        this.description = description;
    }

    /** The action's word: the CLI command, the JMX operation, the last segment of its admin API path. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the CLI says when it is done: "enabled", "now using"... */
    public String done() {
        return done;
    }

    /** What it does, for operators (JMX shows it). */
    public String description() {
        return description;
    }

    /** Whether it names a key; ROTATE and REFRESH name only the provider. */
    public boolean onKey() {
        return this != ROTATE && this != REFRESH;
    }

    /** Whether it changes every key of the provider, and so answers with the provider and all its keys (REFRESH). */
    public boolean onEveryKey() {
        return this == REFRESH;
    }

    /** Whether it chooses the key in use (kept in the key state, so it survives a restart). */
    public boolean choosesKeyInUse() {
        return this == USE || this == ROTATE;
    }

    /** Whether the admin API reaches it as {@code POST /admin/providers/{p}/keys/{id}/<word>}. */
    public boolean postedToKey() {
        return onKey() && this != REMOVE;
    }

    /** The field of the admin API's answer that holds the key: {@code removed} for REMOVE, else {@code key}. */
    public String answerField() {
        return this == REMOVE ? "removed" : "key";
    }

    public static Optional<KeyAction> parse(String word) {
        return Arrays.stream(values()).filter(a -> a.word().equals(word)).findFirst();
    }

    /** The words of the actions that pass {@code which}, for messages: "enable, disable, reset, use". */
    public static String words(Predicate<KeyAction> which) {
        return Arrays.stream(values()).filter(which).map(KeyAction::word).collect(Collectors.joining(", "));
    }
}
