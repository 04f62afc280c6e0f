package org.keyrelay.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds the keyring to use: the file named, else (for the default path only) the copy built into the jar. */
public final class KeyringFiles {

    public static final Path DEFAULT = Path.of("config/keyring.yaml");

    private KeyringFiles() {
    }

    public static Keyring load(Path file, Map<String, String> env) {
        KeyringParser parser = new KeyringParser(env);
        if (Files.isRegularFile(file)) {
            return parser.parse(file);
        }
        if (!file.equals(DEFAULT)) {
            throw new KeyringException(file + ": no such keyring file (--keyring / KEYRELAY_KEYRING)");
        }
        return builtIn(env);
    }

    /** The keyring built into the jar (the shipped config/keyring.yaml: providers, keys from environment variables). */
    public static Keyring builtIn(Map<String, String> env) {
        try (InputStream in = KeyringFiles.class.getResourceAsStream("/keyring.yaml")) {
            if (in == null) {
                throw new KeyringException("no keyring file, and no built-in one");
            }
            return new KeyringParser(env).parse(Path.of("classpath:keyring.yaml"),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KeyringException("classpath:keyring.yaml: " + e.getMessage());
        }
    }
}
