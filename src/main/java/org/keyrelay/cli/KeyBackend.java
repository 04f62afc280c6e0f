package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;
import org.keyrelay.admin.KeyAction;

/**
 * Where the CLI's commands go: the running gateway's admin API ({@link RemoteKeys}) or, when none runs, the
 * files in the state dir ({@link LocalKeys}). Both answer with the admin API's JSON, so output is the same.
 */
sealed interface KeyBackend extends AutoCloseable permits RemoteKeys, LocalKeys {

    /** Where the commands go, for messages: "the gateway at http://..." or "the files in DIR". */
    String where();

    JsonNode providers();

    JsonNode keys(String provider);

    /** Adds a key; {@code id}, {@code weight} and {@code label} are null when not given. */
    JsonNode add(String provider, String secret, String id, Integer weight, String label);

    /**
     * Does {@code action} ({@code id} is null for ROTATE and REFRESH); the key it concerns, as the admin API reports it,
     * or for an action on every key ({@link KeyAction#onEveryKey()}) the provider and its keys.
     */
    JsonNode act(KeyAction action, String provider, String id);

    JsonNode strategy(String provider, String name);

    JsonNode stats();

    byte[] export(char[] password);

    JsonNode importFile(byte[] file, char[] password);

    /** Hands each key event's JSON ({@code provider} null: every provider's) to {@code each} until the stream ends. */
    void events(String provider, Consumer<String> each);

    /** A provider's model catalog (the admin API's {@code /admin/providers/{p}/models}). */
    JsonNode models(String provider, boolean refresh);

    @Override
    void close();
}
