package org.keyrelay.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.keyrelay.pool.Secret;
import org.keyrelay.store.PrivateFile;

/**
 * The admin API's bearer token: {@code KEYRELAY_ADMIN_TOKEN}, else the one in {@code <state-dir>/admin-token}
 * (mode 0600), made from 32 random bytes at the first start and reused after. Compared in constant time.
 */
public final class AdminToken {

    public static final String ENV = "KEYRELAY_ADMIN_TOKEN";
    public static final String FILE = "admin-token";

    private final Secret secret;
    private final byte[] digest;
    private final Path file;

    private AdminToken(Secret secret, Path file) {
        this.secret = secret;
        this.digest = sha256(secret.reveal());
        this.file = file;
    }

    /** The token the gateway accepts, made and saved on the first start when the environment names none. */
    public static AdminToken resolve(Path stateDir, Map<String, String> env) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new AdminToken(new Secret(fromEnv), null);
        }
        Path file = stateDir.resolve(FILE);
        try {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String made = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            PrivateFile.createNew(file, (made + "\n").getBytes(StandardCharsets.UTF_8));
            return read(file).orElseThrow(() -> new IllegalStateException(file + " is empty: remove it to get a new token"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the admin token file " + file, e);
        }
    }

    /** The token a client (the CLI) should send: the environment's, else the file's; empty when neither exists. */
    public static Optional<AdminToken> find(Path stateDir, Map<String, String> env) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(new AdminToken(new Secret(fromEnv), null));
        }
        try {
            return read(stateDir.resolve(FILE));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<AdminToken> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(new AdminToken(new Secret(text), file));
    }

    /** Whether {@code presented} is the token; takes the same time whatever it is. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /** The value to send as {@code Authorization: Bearer ...}. */
    public String reveal() {
        return secret.reveal();
    }

    /** The file it came from; empty when it came from {@code KEYRELAY_ADMIN_TOKEN}. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[" + (file == null ? ENV : file.toString()) + "]";
    }
}
