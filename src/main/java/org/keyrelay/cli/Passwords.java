package org.keyrelay.cli;

import java.io.Console;
import java.util.Arrays;
import java.util.Map;

/** Where the export password comes from: {@code KEYRELAY_EXPORT_PASSWORD}, else the terminal, without echo. */
@FunctionalInterface
public interface Passwords {

    String ENV = "KEYRELAY_EXPORT_PASSWORD";

    /** @param confirm ask twice (a new password) */
    char[] read(String prompt, boolean confirm);

    static Passwords fromEnvOrConsole(Map<String, String> env) {
        return (prompt, confirm) -> {
            String fromEnv = env.get(ENV);
            if (fromEnv != null && !fromEnv.isEmpty()) {
                return fromEnv.toCharArray();
            }
            Console console = System.console();
            if (console == null) {
                throw CliFailure.failed("no terminal to ask the password on: set " + ENV);
            }
            char[] first = console.readPassword("%s", prompt);
            if (first == null || first.length == 0) {
                throw CliFailure.failed("no password given");
            }
            if (confirm) {
                char[] again = console.readPassword("Again: ");
                if (again == null || !Arrays.equals(first, again)) {
                    throw CliFailure.failed("the two passwords differ");
                }
            }
            return first;
        };
    }
}
