package org.keyrelay.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when a file's content changes: watches its directory (editors replace files by renaming, and
 * mounted config swaps symlinks), waits until events have been quiet for the debounce time, and only calls back
 * if the bytes differ from the last ones seen. One daemon thread; {@link #close} stops it.
 */
public final class FileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    private final Path file;
    private final Duration debounce;
    private final Runnable onChange;
    private final WatchService watch;
    private final Thread thread;
    private byte[] lastSeen;

    public FileWatcher(Path file, Duration debounce, Runnable onChange) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.debounce = debounce;
        this.onChange = onChange;
        this.lastSeen = digest();
        this.watch = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = new Thread(this::run, "keyrelay-watch-" + this.file.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.take();
                drain(key);
                // quiet period: keep draining until nothing arrives for the debounce time
                WatchKey more;
                while ((more = watch.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                byte[] now = digest();
                if (now != null && !Arrays.equals(now, lastSeen)) {
                    lastSeen = now;
                    try {
                        onChange.run();
                    } catch (RuntimeException e) {
                        LOG.error("Reacting to a change of {} failed", file, e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    /** The file's content digest; null while it does not exist (in the middle of a replace). */
    private byte[] digest() {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            LOG.debug("closing the watch of {}: {}", file, e.getMessage());
        }
        thread.interrupt();
    }
}
