package org.keyrelay.cli;

import picocli.CommandLine.Option;

/** {@code --json} (a picocli mixin): print the admin API's JSON instead of the readable lines. */
final class JsonOption {

    @Option(names = "--json", description = "print the admin API's JSON")
    boolean json;
}
