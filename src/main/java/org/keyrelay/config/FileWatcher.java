package org.keyrelay.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands over a file's content when it has changed and settled: watches its directory (editors replace files by
 * renaming, and mounted config swaps symlinks, whose {@code ..data} entries count as the file), but only events about
 * the file itself count, so a busy sibling (a log written every few milliseconds) neither delays nor swallows an edit.
 * After an event it reads the file until two reads the debounce time apart are the same bytes, so a file being
 * written ({@code cat > file} truncates, then writes) is handed over only once complete, and only when its bytes differ
 * from the last ones handed over. The callback gets the bytes it was shown, never a second read. One daemon thread;
 * {@link #close} stops it.
 */
public final class FileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    private final Path file;
    private final Duration debounce;
    private final Consumer<byte[]> onChange;
    private final WatchService watch;
    private final Thread thread;
    private byte[] lastSeen;

    public FileWatcher(Path file, Duration debounce, Runnable onChange) throws IOException {
        this(file, debounce, content -> onChange.run());
    }

    /** @param onChange gets the file's settled content */
    public FileWatcher(Path file, Duration debounce, Consumer<byte[]> onChange) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.debounce = debounce;
        this.onChange = onChange;
        this.lastSeen = read();
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
                if (!aboutTheFile(watch.take())) {
                    continue;
                }
                byte[] settled = settled();
                if (settled != null && !Arrays.equals(settled, lastSeen)) {
                    lastSeen = settled;
                    try {
                        onChange.accept(settled);
                    } catch (RuntimeException e) {
                        LOG.error("Reacting to a change of {} failed", file, e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** Reads the file until it reads the same twice, the debounce time apart with no event about it in between. */
    private byte[] settled() throws InterruptedException {
        byte[] before = read();
        while (true) {
            long until = System.nanoTime() + debounce.toNanos();
            boolean touched = false;
            long left;
            while ((left = until - System.nanoTime()) > 0) {
                WatchKey more = watch.poll(left, TimeUnit.NANOSECONDS);
                if (more != null && aboutTheFile(more)) {
                    touched = true;
                }
            }
            byte[] now = read();
            if (!touched && Arrays.equals(before, now)) {
                return now;
            }
            before = now;
        }
    }

    /** Drains a key's events; whether one of them is about the watched file (or a symlink swap beside it). */
    private boolean aboutTheFile(WatchKey key) {
        boolean about = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                about = true;
            } else if (event.context() instanceof Path name) {
                String n = name.toString();
                about |= n.equals(file.getFileName().toString()) || n.startsWith("..");
            }
        }
        key.reset();
        return about;
    }

    /** The file's content; null while it does not exist (in the middle of a replace) or cannot be read. */
    private byte[] read() {
        try {
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            return null;
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
