package org.keyrelay.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What a command that shows providers reads from its arguments (a picocli mixin): {@code [PROVIDER]}, one provider or
 * every one, and {@code --json}, the admin API's JSON instead of the readable lines. Used by {@code keys list} and
 * {@code keys stats}.
 */
final class ProviderReading {

    @Parameters(paramLabel = "PROVIDER", arity = "0..1", description = "one provider (default: every one)")
    String provider;

    @Option(names = "--json", description = "print the admin API's JSON")
    boolean json;
}
