package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code keyrelay keys import FILE}: the keys of an export this gateway does not have. */
@Command(name = "import", description = "add the keys of an export this gateway does not have")
final class ImportCommand extends KeysCommand {

    @Parameters(paramLabel = "FILE", description = "a file written by `keys export`")
    Path file;

    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliFailure.failed("cannot read " + file + ": " + e.getMessage());
        }
        char[] password = keys.passwords.read("Password of " + file + ": ", false);
        return withBackend(b -> {
            JsonNode report = b.importFile(bytes, password);
            if (output.json) {
                print(report);
                return 0;
            }
            out().println("added " + report.path("added").size() + " key(s)" + names(report.path("added")));
            report.path("skipped").forEach(s -> out().println("skipped " + s.asText()));
            report.path("strategies").forEach(s -> out().println("strategy " + s.asText()));
            return 0;
        });
    }

    private static String names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.asText()));
        return names.isEmpty() ? "" : ": " + String.join(", ", names);
    }
}
