package org.keyrelay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.keyrelay.config.FileWatcher;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.KeyringException;
import org.keyrelay.config.KeyringParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live keyring reload: when the keyring file changes, it is parsed again and applied to the running gateway
 * ({@link Gateway#reload}): keys and their state stay, strategies and settings change, providers come and go.
 * A broken edit is refused with one log line naming the file, the line and the setting; the running keyring stays.
 * The watcher hands over only a settled file ({@link FileWatcher}), and an empty one is never applied.
 */
public final class KeyringReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyringReloader.class);
    static final Duration DEBOUNCE = Duration.ofMillis(200);

    private final Gateway gateway;
    private final Path file;
    private final Map<String, String> env;
    private FileWatcher watcher;

    public KeyringReloader(Gateway gateway, Path file, Map<String, String> env) {
        this.gateway = gateway;
        this.file = file;
        this.env = env;
    }

    /** Starts watching; the built-in keyring (no file) is not watched. */
    public synchronized void start() throws IOException {
        if (watcher == null && Files.isRegularFile(file)) {
            watcher = new FileWatcher(file, DEBOUNCE,
                    (byte[] content) -> reload(new String(content, StandardCharsets.UTF_8)));
            LOG.info("Watching {} for changes: edits apply without a restart", file);
        }
    }

    /** Reads the keyring file again and applies it; returns whether it was applied. */
    public boolean reload() {
        try {
            return reload(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.error("Keyring change refused: {}: cannot read the keyring: {}. The running keyring stays.", file,
                    e.getMessage());
            return false;
        }
    }

    /**
     * Applies this content of the keyring file; returns whether it was applied. An empty file is never applied: it is
     * a file in the middle of being written far more often than an operator's wish (to empty it, write
     * {@code providers: []}).
     */
    public boolean reload(String text) {
        if (text.isBlank()) {
            LOG.info("Keyring {} is empty: not applied (a file being written?); the running keyring stays", file);
            return false;
        }
        Keyring next;
        try {
            next = new KeyringParser(env).parse(file, text);
        } catch (KeyringException e) {
            LOG.error("Keyring change refused: {}. The running keyring stays; fix the file to apply it.", e.getMessage());
            return false;
        }
        next.warnings().forEach(w -> LOG.warn("Keyring {}: {}", next.source(), w));
        try {
            List<String> changes = gateway.reload(next);
            if (changes.isEmpty()) {
                LOG.info("Keyring {} reloaded: nothing changed", file);
            } else {
                LOG.info("Keyring {} reloaded: {}", file, String.join("; ", changes));
            }
            return true;
        } catch (IllegalStateException e) {
            LOG.error("Keyring change refused: {} The running keyring stays.", e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
