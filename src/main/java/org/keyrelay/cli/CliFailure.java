package org.keyrelay.cli;

/** A command that cannot be done: the message for the operator and the exit code (1 failed, 2 wrong arguments). */
final class CliFailure extends RuntimeException {

    static final int FAILED = 1;
    static final int USAGE = 2;

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliFailure usage(String message) {
        return new CliFailure(USAGE, message);
    }

    static CliFailure failed(String message) {
        return new CliFailure(FAILED, message);
    }

    int exitCode() {
        return exitCode;
    }
}
