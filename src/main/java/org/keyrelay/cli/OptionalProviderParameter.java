package org.keyrelay.cli;

import picocli.CommandLine.Parameters;

/** {@code [PROVIDER]} (a picocli mixin): the one provider a command shows, or null for every one. */
final class OptionalProviderParameter {

    @Parameters(paramLabel = "PROVIDER", arity = "0..1", description = "one provider (default: every one)")
    String provider;
}
