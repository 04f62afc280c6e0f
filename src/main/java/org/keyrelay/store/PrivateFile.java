package org.keyrelay.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A file only its owner may read (mode 0600, in a directory of mode 0700), replaced atomically: written to a
 * temp file, forced to disk, renamed over the old one. {@link #locked} runs work under a lock file that keeps
 * other processes (and other threads of this one) out while they read-modify-write the same files.
 */
public final class PrivateFile {

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private PrivateFile() {
    }

    /** Something done under a lock; may throw I/O errors. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        createPrivateDir(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            restrict(tmp);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Creates {@code file} with {@code bytes} only if it does not exist yet, readable by its owner alone from the
     * first byte; false if it existed.
     */
    public static boolean createNew(Path file, byte[] bytes) throws IOException {
        createPrivateDir(file.toAbsolutePath().getParent());
        try {
            if (isPosix()) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        return true;
    }

    /**
     * Runs {@code work} holding {@code lockFile} (created if needed) against this and other processes; a thread
     * that holds it already may take it again.
     */
    public static <T> T locked(Path lockFile, Work<T> work) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try {
            if (local.getHoldCount() > 1) {
                return work.run(); // this thread holds the file lock already
            }
            createPrivateDir(key.getParent());
            try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                return work.run();
            }
        } finally {
            local.unlock();
        }
    }

    static void createPrivateDir(Path dir) throws IOException {
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (isPosix()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    static void restrict(Path path) throws IOException {
        if (isPosix()) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
