package org.keyrelay.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/** One in-process run of {@code keyrelay keys ...}: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun keysWithInput(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Passwords passwords = Passwords.fromEnvOrConsole(env);
        KeysCli cli = new KeysCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), passwords, false, Clock.systemUTC());
        int code = cli.run(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun keys(Map<String, String> env, String... args) {
        return keysWithInput(env, "", args);
    }
}
