package org.keyrelay.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.keyrelay.store.PrivateFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code keyrelay keys export FILE}: every key, strategy and stat, encrypted with a password. */
@Command(name = "export", description = "every key, strategy and stat, encrypted with a password")
final class ExportCommand extends KeysCommand {

    @Parameters(paramLabel = "FILE", description = "the file to write (it must not exist)")
    Path file;

    @Override
    public Integer call() {
        if (Files.exists(file)) {
            throw CliFailure.failed(file + " exists: choose another name, or remove it first");
        }
        char[] password = keys.passwords.read("Password for " + file + ": ", true);
        return withBackend(b -> {
            byte[] sealed = b.export(password);
            try {
                PrivateFile.write(file, sealed);
            } catch (IOException e) {
                throw CliFailure.failed("cannot write " + file + ": " + e.getMessage());
            }
            out().println("exported to " + file + " (" + sealed.length
                    + " bytes, AES-256-GCM, mode 0600): keep the password");
            return 0;
        });
    }
}
