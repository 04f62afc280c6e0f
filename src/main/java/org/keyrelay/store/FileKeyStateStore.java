package org.keyrelay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.keyrelay.pool.KeyChoice;
import org.keyrelay.pool.KeyMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key state in {@code <state-dir>/state.json}: readable JSON, mode 0600 (the dir 0700), no secrets.
 * <p>
 * <b>Atomic.</b> A write goes to {@code state.json.tmp}, is forced to disk, renamed over {@code state.json}, and the
 * directory is forced too, so a reader or a crash sees the old file or the new one, never a mix. A file that does not
 * parse is moved aside ({@code state.json.corrupt-<millis>}) with a warning and the gateway starts fresh (a tool's
 * read moves it aside only when no one holds the store lock; otherwise it just ignores it).
 * <p>
 * <b>One writer at a time: the store lock.</b> Writing needs the exclusive advisory lock on {@code <state-dir>/state.lock}
 * (an OS file lock: it is released when its process ends, even when killed with SIGKILL).
 * <ul>
 *   <li>The gateway opens its store with {@link #owner}: it takes the lock when it starts and holds it until
 *       {@link #close()}, writing whenever its coalescing writer says so. A second gateway on the same state dir does
 *       not start.</li>
 *   <li>Any other process (the CLI working on the files offline) opens a tool store ({@link #tool}, or the
 *       constructor). Reading needs no lock: renames are atomic, so it always reads a whole file. Writing goes
 *       through {@link #update} (or {@link #save}), which takes the lock for that one read-modify-write and fails with
 *       {@link StateLockedException} while the gateway holds it.</li>
 * </ul>
 * So the gateway's next coalesced write can never lose a tool's change (a tool cannot write while the gateway runs;
 * change a running gateway's keys through the gateway), and a tool's read-modify-write reads the newest file under the
 * lock, so it cannot lose the gateway's last write either. The lock file says who holds it ("keyrelay gateway, pid
 * 1234, since ..."), for the message the other process gets.
 * <p>
 * Within one JVM the lock is also kept in a process-wide table: the OS lock belongs to the process (a second store in
 * the same process would get it too, and closing any channel on the lock file would drop it), so stores of one
 * process never open the lock file while another of them holds it.
 */
public final class FileKeyStateStore implements KeyStateStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileKeyStateStore.class);
    private static final int FORMAT = 1;
    static final String STATE_FILE = "state.json";
    static final String LOCK_FILE = "state.lock";
    /** State dirs whose lock this JVM holds, and the JVM-wide monitor for every use of a lock file. */
    private static final Set<Path> HELD_IN_THIS_JVM = new HashSet<>();

    private final Path dir;
    private final Path file;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final boolean owner;
    private FileChannel lockChannel;

    /** A tool's store: reads freely, takes the store lock for each write (see {@link #tool}). */
    public FileKeyStateStore(Path dir, Clock clock) {
        this(dir, clock, false);
    }

    private FileKeyStateStore(Path dir, Clock clock, boolean owner) {
        this.dir = dir;
        this.file = dir.resolve(STATE_FILE);
        this.clock = clock;
        this.owner = owner;
    }

    /**
     * The gateway's store: takes the store lock now and holds it until {@link #close()}. Waits up to {@code patience}
     * for a tool that is in the middle of a write.
     *
     * @throws StateLockedException when another process keeps the lock (another gateway on this state dir)
     */
    public static FileKeyStateStore owner(Path dir, Clock clock, Duration patience) {
        return owner(dir, clock, patience, "keyrelay gateway");
    }

    /**
     * A store that holds the store lock until {@link #close()}, for a process that works on the files for a while
     * (the offline CLI: its whole read-modify-write under the lock); {@code holderName} is what others are told.
     */
    public static FileKeyStateStore owner(Path dir, Clock clock, Duration patience, String holderName) {
        FileKeyStateStore store = new FileKeyStateStore(dir, clock, true);
        store.takeLifetimeLock(patience, holderName);
        return store;
    }

    /** A tool's store (the CLI): reads need no lock; {@link #update} and {@link #save} take it for one write. */
    public static FileKeyStateStore tool(Path dir, Clock clock) {
        return new FileKeyStateStore(dir, clock, false);
    }

    public Path file() {
        return file;
    }

    public Path lockFile() {
        return dir.resolve(LOCK_FILE);
    }

    @Override
    public StoreStatus status() {
        return new StoreStatus("file", file.toString(), true, 0);
    }

    /** Every key's memory. A file that does not parse is moved aside when this store may write, else ignored. */
    @Override
    public Map<String, List<KeyMemory>> load() {
        return loadState().keys();
    }

    /** Everything remembered, the chosen keys included; a file that does not parse as {@link #load} says. */
    @Override
    public SavedState loadState() {
        if (owner) {
            return read(true);
        }
        try {
            return read(false);
        } catch (UnreadableStateException e) {
            try {
                return underToolLock(() -> read(true)); // moves it aside
            } catch (StateLockedException locked) {
                LOG.warn("Key state file {} cannot be read ({}); ignoring it (the gateway holding it will deal with it)",
                        file, e.getMessage());
                return SavedState.EMPTY;
            }
        }
    }

    /** Replaces the keys' memories with {@code state}, keeping the chosen keys the file holds. */
    @Override
    public void save(Map<String, List<KeyMemory>> state) {
        updateState(old -> new SavedState(state, old.choices()));
    }

    /** Replaces the saved state with {@code state}; a tool store takes the store lock for it. */
    @Override
    public void saveState(SavedState state) {
        if (owner) {
            checkStillOwner();
            write(state);
        } else {
            updateState(old -> state);
        }
    }

    /**
     * Reads the newest memories, applies {@code change} and writes the result (the chosen keys kept), all under the
     * store lock; returns what was written. For tools: fails with {@link StateLockedException} while a gateway holds
     * the lock.
     */
    public Map<String, List<KeyMemory>> update(UnaryOperator<Map<String, List<KeyMemory>>> change) {
        return updateState(old -> new SavedState(change.apply(old.keys()), old.choices())).keys();
    }

    /** As {@link #update}, for everything the file holds. */
    public SavedState updateState(UnaryOperator<SavedState> change) {
        if (owner) {
            checkStillOwner();
            SavedState next = change.apply(read(true));
            write(next);
            return next;
        }
        return underToolLock(() -> {
            SavedState next = change.apply(read(true));
            write(next);
            return next;
        });
    }

    /** Runs {@code work} holding the store lock, as a tool; fails at once when someone else holds it. */
    private <T> T underToolLock(Supplier<T> work) {
        synchronized (HELD_IN_THIS_JVM) {
            try {
                createPrivateDir();
                FileLock lock = null;
                try (FileChannel channel = HELD_IN_THIS_JVM.contains(key()) ? null : openLockFile()) {
                    lock = channel == null ? null : channel.tryLock();
                    if (lock == null) {
                        throw new StateLockedException(dir, holder(), "A running gateway owns its key state: change "
                                + "keys through the gateway (its admin API), or stop it first.");
                    }
                    describeHolder(channel, "keyrelay tool");
                    return work.get();
                } finally {
                    if (lock != null && lock.isValid()) {
                        lock.release();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock key state in " + dir, e);
            }
        }
    }

    /** Whether some process (this one included) holds the store lock now. */
    public boolean isLocked() {
        synchronized (HELD_IN_THIS_JVM) {
            if (HELD_IN_THIS_JVM.contains(key())) {
                return true;
            }
            if (!Files.exists(lockFile())) {
                return false;
            }
            try (FileChannel channel = openLockFile()) {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    return true;
                }
                lock.release();
                return false;
            } catch (IOException | OverlappingFileLockException e) {
                return true;
            }
        }
    }

    /** Releases the gateway's lifetime lock (nothing for a tool store). */
    @Override
    public void close() {
        synchronized (HELD_IN_THIS_JVM) {
            if (lockChannel == null) {
                return;
            }
            try {
                lockChannel.close(); // releases the lock
            } catch (IOException e) {
                LOG.warn("Could not release the key state lock {}: {}", lockFile(), e.getMessage());
            } finally {
                lockChannel = null;
                HELD_IN_THIS_JVM.remove(key());
            }
        }
    }

    private void takeLifetimeLock(Duration patience, String holderName) {
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (!tryLifetimeLock(holderName)) {
                if (System.nanoTime() >= deadline) {
                    throw new StateLockedException(dir, holder(), "Is another Keyrelay gateway running with this "
                            + "state dir? Stop it, or give this one its own --state-dir.");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock key state in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the key state lock in " + dir, e);
        }
    }

    private boolean tryLifetimeLock(String holderName) throws IOException {
        synchronized (HELD_IN_THIS_JVM) {
            if (HELD_IN_THIS_JVM.contains(key())) {
                return false;
            }
            createPrivateDir();
            FileChannel channel = openLockFile();
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                return false;
            }
            lockChannel = channel;
            HELD_IN_THIS_JVM.add(key());
            describeHolder(channel, holderName);
            return true;
        }
    }

    private void checkStillOwner() {
        synchronized (HELD_IN_THIS_JVM) {
            if (lockChannel == null) {
                throw new IllegalStateException("the key state store of " + dir + " was closed: it no longer holds the "
                        + "store lock and must not write");
            }
        }
    }

    private Path key() {
        return dir.toAbsolutePath().normalize();
    }

    private FileChannel openLockFile() throws IOException {
        FileChannel channel = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        restrict(lockFile());
        return channel;
    }

    /** Writes who holds the lock into the lock file, through the channel that holds it. */
    private void describeHolder(FileChannel channel, String who) {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((who + ", pid " + ProcessHandle.current().pid() + ", since "
                    + clock.instant() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            LOG.debug("Could not describe the lock holder in {}: {}", lockFile(), e.getMessage());
        }
    }

    /**
     * What the lock file says of its holder. Never read while this JVM holds the lock: closing any channel on the
     * lock file would drop the process's lock.
     */
    private String holder() {
        synchronized (HELD_IN_THIS_JVM) {
            if (HELD_IN_THIS_JVM.contains(key())) {
                return "a gateway in this process (pid " + ProcessHandle.current().pid() + ")";
            }
            try {
                return Files.readString(lockFile(), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** The state file is there but cannot be read as key state. */
    private static final class UnreadableStateException extends RuntimeException {
        UnreadableStateException(Throwable cause) {
            super(cause.getClass().getSimpleName(), cause, false, false);
        }
    }

    private SavedState read(boolean mayMoveAside) {
        if (!Files.exists(file)) {
            return SavedState.EMPTY;
        }
        try {
            return decode(json.readTree(file.toFile()));
        } catch (IOException | RuntimeException e) {
            if (!mayMoveAside) {
                throw new UnreadableStateException(e);
            }
            Path aside = file.resolveSibling(STATE_FILE + ".corrupt-" + clock.millis());
            LOG.warn("Key state file {} cannot be read ({}); moved aside to {} and starting with fresh key state",
                    file, e.getClass().getSimpleName(), aside.getFileName());
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.warn("Could not move {} aside: {}", file, moveFailed.getMessage());
            }
            return SavedState.EMPTY;
        }
    }

    /** Temp file, fsync, rename, fsync of the directory. The caller holds the store lock. */
    private void write(SavedState state) {
        try {
            createPrivateDir();
            PrivateFile.write(file, json.writeValueAsBytes(encode(state)));
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key state to " + file, e);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is fine there. */
    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException notSupportedHere) {
            // Windows cannot open a directory; its rename is durable enough for this file
        }
    }

    private void createPrivateDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (isPosix()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    private static void restrict(Path path) throws IOException {
        if (isPosix()) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * The file: {@code {"format": 1, "savedAt": ..., "providers": {"<id>": {"chosen": "main", "startKey": "main",
     * "keys": {"<key id>": {...}}}}}}. {@code chosen} and {@code startKey} (the {@link KeyChoice}) appear only when
     * set; a file without them (written before they were kept) reads as "nothing chosen", and an older gateway reading
     * a file with them ignores them (the format stays 1).
     */
    private JsonNode encode(SavedState state) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("savedAt", clock.instant().toString());
        ObjectNode providers = root.putObject("providers");
        Set<String> ids = new java.util.LinkedHashSet<>(state.keys().keySet());
        ids.addAll(state.choices().keySet());
        for (String provider : ids) {
            ObjectNode node = providers.putObject(provider);
            KeyChoice choice = state.choice(provider);
            if (choice.chosen() != null) {
                node.put("chosen", choice.chosen());
            }
            if (choice.startKey() != null) {
                node.put("startKey", choice.startKey());
            }
            ObjectNode keyNodes = node.putObject("keys");
            for (KeyMemory k : state.keys().getOrDefault(provider, List.of())) {
                KeyMemoryJson.write(k, keyNodes.putObject(k.id()));
            }
        }
        return root;
    }

    private static SavedState decode(JsonNode root) {
        if (root == null || root.path("format").asInt() != FORMAT || !root.path("providers").isObject()) {
            throw new IllegalStateException("not a key state file of format " + FORMAT);
        }
        Map<String, List<KeyMemory>> out = new LinkedHashMap<>();
        Map<String, KeyChoice> choices = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("providers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            List<KeyMemory> keys = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> kit = p.getValue().path("keys").fields(); kit.hasNext(); ) {
                Map.Entry<String, JsonNode> k = kit.next();
                keys.add(KeyMemoryJson.read(k.getKey(), k.getValue()));
            }
            out.put(p.getKey(), keys);
            JsonNode node = p.getValue();
            choices.put(p.getKey(), new KeyChoice(node.hasNonNull("chosen") ? node.get("chosen").asText() : null,
                    node.hasNonNull("startKey") ? node.get("startKey").asText() : null));
        }
        return new SavedState(out, choices);
    }
}
