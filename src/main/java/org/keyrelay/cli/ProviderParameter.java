package org.keyrelay.cli;

import picocli.CommandLine.Parameters;

/**
 * {@code PROVIDER} (a picocli mixin): the provider a command changes, its first positional parameter; the command's
 * own parameters follow from index 1.
 */
final class ProviderParameter {

    @Parameters(index = "0", paramLabel = "PROVIDER")
    String provider;
}
