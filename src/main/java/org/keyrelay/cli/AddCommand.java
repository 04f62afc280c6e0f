package org.keyrelay.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.keyrelay.pool.ApiKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keyrelay keys add PROVIDER SECRET [--id ID] [--weight N] [--label TEXT]}: a key kept across restarts. */
@Command(name = "add", description = "add a key (SECRET - reads it from standard input); kept across restarts")
final class AddCommand extends KeysCommand {

    @Mixin
    ProviderParameter target;

    @Parameters(index = "1", paramLabel = "SECRET", description = "the key, or - to read it from standard input")
    String secret;

    @Option(names = "--id", paramLabel = "ID", description = "the key's id (default: made from the provider)")
    String id;

    @Option(names = "--weight", paramLabel = "N", description = "its weight under the weighted strategy")
    Integer weight;

    @Option(names = "--label", paramLabel = "TEXT", description = "free text shown beside the id, e.g. \"Work"
            + " account\" (one line, at most " + ApiKey.MAX_LABEL + " characters)")
    String label;

    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        String key = secret.equals("-") ? readSecret() : secret;
        return withBackend(b -> changed(output.json, "added", b.add(target.provider, key, id, weight, label).get("key")));
    }

    private String readSecret() {
        try {
            String line = new BufferedReader(new InputStreamReader(keys.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw CliFailure.usage("SECRET is '-' but standard input has no line");
            }
            return line.strip();
        } catch (IOException e) {
            throw CliFailure.failed("cannot read the secret from standard input: " + e.getMessage());
        }
    }

    /** Arguments may hold a secret: only their shape is shown. */
    @Override
    public String toString() {
        return "AddCommand[" + target.provider + ", id " + id + "]";
    }
}
