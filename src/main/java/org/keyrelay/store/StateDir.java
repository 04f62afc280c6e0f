package org.keyrelay.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state folder, made ready before anything is kept in it: created owner-only (0700) when missing; an existing
 * one that others may read is closed to them (0700), or a warning says why it could not be; one the gateway cannot
 * write is a clear error naming the folder and how to choose another, never a stack trace.
 */
public final class StateDir {

    private static final Logger LOG = LoggerFactory.getLogger(StateDir.class);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private StateDir() {
    }

    /** @throws IllegalStateException when the folder cannot be created or written */
    public static void prepare(Path dir) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw unusable(dir, "it is not a folder");
        }
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
                if (posix) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
            } catch (IOException | SecurityException e) {
                throw unusable(dir, "it cannot be created (" + reason(e) + ")");
            }
            return;
        }
        if (posix) {
            try {
                Set<PosixFilePermission> now = Files.getPosixFilePermissions(dir);
                if (now.stream().anyMatch(OTHERS::contains)) {
                    Set<PosixFilePermission> own = EnumSet.copyOf(now);
                    own.removeAll(OTHERS);
                    Files.setPosixFilePermissions(dir, own);
                    LOG.warn("State folder {} was open to other users ({}): now {} (it holds key state and the admin token)",
                            dir, PosixFilePermissions.toString(now), PosixFilePermissions.toString(own));
                }
            } catch (IOException | SecurityException e) {
                LOG.warn("State folder {} is open to other users and cannot be closed ({}): it holds key state and the"
                        + " admin token; run chmod 700 {}", dir, reason(e), dir);
            }
        }
        if (!Files.isWritable(dir)) {
            throw unusable(dir, "this user cannot write in it");
        }
    }

    private static IllegalStateException unusable(Path dir, String why) {
        return new IllegalStateException("The state folder " + dir + " cannot be used: " + why
                + ". Choose another with --state-dir or KEYRELAY_STATE_DIR, or fix its permissions.");
    }

    private static String reason(Exception e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
