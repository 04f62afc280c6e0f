package org.keyrelay;

import java.io.IOException;
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
            watcher = new FileWatcher(file, DEBOUNCE, this::reload);
            LOG.info("Watching {} for changes: edits apply without a restart", file);
        }
    }

    /** Reads the keyring file again and applies it; returns whether it was applied. */
    public boolean reload() {
        Keyring next;
        try {
            next = new KeyringParser(env).parse(file);
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
