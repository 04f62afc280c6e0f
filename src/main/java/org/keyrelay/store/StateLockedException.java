package org.keyrelay.store;

import java.nio.file.Path;

/** Another process holds the store lock of a state dir (a running gateway, or a tool in the middle of a write). */
public final class StateLockedException extends IllegalStateException {

    private final Path stateDir;
    private final String holder;

    public StateLockedException(Path stateDir, String holder, String advice) {
        super("Key state in " + stateDir + " is locked by " + (holder == null || holder.isBlank() ? "another process" : holder)
                + ". " + advice);
        this.stateDir = stateDir;
        this.holder = holder;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** What the lock holder wrote about itself ("keyrelay gateway, pid 1234, since ..."), or null. */
    public String holder() {
        return holder;
    }
}
