package org.keyrelay.cli;

/** The command lines' logging. */
final class CliLogging {

    private CliLogging() {
    }

    /** The CLI's output is its answer: the gateway's INFO lines (operator actions) stay in the gateway's log. */
    static void quiet() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }
}
