package org.keyrelay.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.keyrelay.config.GatewayFlags;
import picocli.CommandLine;

/**
 * How every command line answers when it cannot do what it is asked: {@code keyrelay: <why>} on standard error,
 * then (for wrong arguments) the usage of the command line; exit code 2 for wrong arguments, 1 for a command that
 * failed ({@link CliFailure}).
 */
final class CliErrors {

    /** Columns of the help text. */
    static final int WIDTH = 120;

    private CliErrors() {
    }

    /** Sets the answers on {@code root} and the subcommands it has; help goes to {@code out}. */
    static void install(CommandLine root, PrintStream out, PrintStream err) {
        root.setUsageHelpWidth(WIDTH);
        root.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        root.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        root.setParameterExceptionHandler((e, args) -> {
            err.println("keyrelay: " + GatewayFlags.message(e));
            err.print(root.getUsageMessage());
            return CliFailure.USAGE;
        });
        root.setExecutionExceptionHandler((e, command, parsed) -> {
            if (!(e instanceof CliFailure failure)) {
                throw e;
            }
            err.println("keyrelay: " + failure.getMessage());
            if (failure.exitCode() == CliFailure.USAGE) {
                err.print(root.getUsageMessage());
            }
            return failure.exitCode();
        });
    }
}
