package org.keyrelay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.CapturedLog;

/** The state folder: made owner-only, closed to others when it was open, and a clear error when it cannot be used. */
class StateDirTest {

    @TempDir
    Path dir;

    @Test
    void should_create_a_missing_folder_owner_only() throws Exception {
        Path state = dir.resolve("a/b/state");
        StateDir.prepare(state);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    }

    @Test
    void should_close_an_existing_folder_others_can_read_and_say_so() throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (CapturedLog log = new CapturedLog()) {
            StateDir.prepare(state);
            assertTrue(log.text().contains("was open to other users (rwxr-xr-x): now rwx------"), log.text());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    }

    @Test
    void should_fail_clearly_when_the_folder_cannot_be_made() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateDir.prepare(file.resolve("state")));
        assertTrue(e.getMessage().startsWith("The state folder " + file.resolve("state") + " cannot be used: it cannot be"
                + " created"), e.getMessage());
        assertTrue(e.getMessage().contains("--state-dir or KEYRELAY_STATE_DIR"), e.getMessage());

        IllegalStateException notFolder = assertThrows(IllegalStateException.class, () -> StateDir.prepare(file));
        assertTrue(notFolder.getMessage().contains("it is not a folder"), notFolder.getMessage());
        assertFalse(notFolder.getMessage().contains("Exception"), notFolder.getMessage());
    }
}
