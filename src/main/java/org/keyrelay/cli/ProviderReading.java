package org.keyrelay.cli;

import picocli.CommandLine.Mixin;

/**
 * What a command that shows providers reads from its arguments (a picocli mixin): {@code [PROVIDER]}, one provider or
 * every one, and {@code --json}, the admin API's JSON instead of the readable lines. Used by {@code keys list} and
 * {@code keys stats}.
 */
final class ProviderReading {

    @Mixin
    OptionalProviderParameter which;

    @Mixin
    JsonOption output;

    /** The provider named, or null for every one. */
    String provider() {
        return which.provider;
    }

    boolean json() {
        return output.json;
    }
}
