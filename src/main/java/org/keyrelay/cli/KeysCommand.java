package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.keyrelay.config.GatewayFlags;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * One {@code keyrelay keys} command: a subclass declares its words and options (picocli annotations), does its work
 * in {@link #call()} on {@link #withBackend} and is listed in {@link KeysCli}'s {@code subcommands}. The flags that
 * say where the gateway is ({@link GatewayFlags.Locate}) come with this class.
 */
abstract class KeysCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    KeysCli keys;

    @Mixin
    GatewayFlags.Locate locate;

    @Mixin
    HelpOption help;

    /** Runs {@code command} on the running gateway, or on the files (under their lock) when none runs. */
    <T> T withBackend(Function<KeyBackend, T> command) {
        return keys.withBackend(locate, command);
    }

    PrintStream out() {
        return keys.out;
    }

    KeyListing listing() {
        return new KeyListing(keys.out, keys.colour, ZoneId.systemDefault());
    }

    void print(JsonNode node) {
        try {
            keys.out.println(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints a changed key: its JSON, or the line that says what was done to it. */
    int changed(boolean json, String what, JsonNode key) {
        if (json) {
            print(key);
        } else {
            listing().changed(what, key);
        }
        return 0;
    }
}
