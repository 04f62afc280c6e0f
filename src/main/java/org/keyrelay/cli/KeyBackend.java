package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the CLI's commands go: the running gateway's admin API ({@link RemoteKeys}) or, when none runs, the
 * files in the state dir ({@link LocalKeys}). Both answer with the admin API's JSON, so output is the same.
 */
sealed interface KeyBackend extends AutoCloseable permits RemoteKeys, LocalKeys {

    /** Where the commands go, for messages: "the gateway at http://..." or "the files in DIR". */
    String where();

    JsonNode providers();

    JsonNode keys(String provider);

    JsonNode add(String provider, String secret, String id, Integer weight);

    JsonNode remove(String provider, String id);

    /** enable, disable, reset or use. */
    JsonNode keyAction(String provider, String id, String action);

    JsonNode rotate(String provider);

    JsonNode strategy(String provider, String name);

    JsonNode stats();

    byte[] export(char[] password);

    JsonNode importFile(byte[] file, char[] password);

    /** A provider's model catalog (the admin API's {@code /admin/providers/{p}/models}). */
    JsonNode models(String provider, boolean refresh);

    @Override
    void close();
}
