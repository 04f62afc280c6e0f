package org.keyrelay.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
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

    /** The password {@link #offlineEnv} gives exports and imports. */
    static final String EXPORT_PASSWORD = "offline-pw";

    /**
     * The environment of a CLI run on the files in {@code dir}, with no gateway running: {@code keyringYaml} written to
     * {@code dir/keyring.yaml}, the state dir {@code dir/state}, the export password {@link #EXPORT_PASSWORD}. A
     * mutable map, for a test to change.
     */
    static Map<String, String> offlineEnv(Path dir, String keyringYaml) throws IOException {
        Path keyring = dir.resolve("keyring.yaml");
        Files.writeString(keyring, keyringYaml);
        Map<String, String> env = new HashMap<>();
        env.put("KEYRELAY_STATE_DIR", dir.resolve("state").toString());
        env.put("KEYRELAY_KEYRING", keyring.toString());
        env.put("KEYRELAY_EXPORT_PASSWORD", EXPORT_PASSWORD);
        return env;
    }
}
