package org.keyrelay.support;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line client the build installed from npm into src/test/node (opencode, pi, claude) as a person
 * would: its own home under {@code dir}, no terminal, no colours, standard input closed. The output is read while it
 * runs; a client still running after the timeout is killed.
 */
public final class NodeTool {

    public static final Path BIN = Path.of("src/test/node/node_modules/.bin").toAbsolutePath();

    /**
     * What one run did.
     *
     * @param finished whether it ended by itself within the timeout
     * @param endedAt  {@link System#nanoTime()} when it ended (or was killed)
     */
    public record Run(boolean finished, int exitCode, String output, long endedAt) {}

    private NodeTool() {
    }

    /** @param command the tool's name in node_modules/.bin, then its arguments */
    public static Run run(Path dir, Map<String, String> env, Duration timeout, String... command)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, BIN.resolve(command[0]).toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("home/.config").toString());
        pb.environment().put("XDG_DATA_HOME", dir.resolve("home/.local/share").toString());
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("home/.cache").toString());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("home/.local/state").toString());
        pb.environment().put("NO_COLOR", "1");
        // the working directory as the tool reads it: opencode takes its project from PWD, and the build's (this git
        // repository) made it snapshot and watch the repository and its worktrees between a request and its retry
        pb.environment().put("PWD", dir.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long endedAt = System.nanoTime();
        if (!done) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5000);
        return new Run(done, done ? p.exitValue() : -1, out.toString(StandardCharsets.UTF_8), endedAt);
    }
}
