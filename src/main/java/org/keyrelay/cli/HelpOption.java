package org.keyrelay.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} (a picocli mixin): every command's usage help, answered by picocli. */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;
}
