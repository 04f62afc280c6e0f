package org.keyrelay.cli;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.keyrelay.events.KeyEvent;

/**
 * {@code keyrelay keys watch [PROVIDER]}: the running gateway's key events as they happen, one line each, coloured by
 * what they mean on a terminal: red a key or pool out of service, yellow a key cooling or a request moving on, green
 * back in service, cyan an operator's change. The line itself is {@link KeyEvent#describe()}, the one the gateway logs.
 */
final class KeyWatch {

    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String GREEN = "\u001b[32m";
    private static final String CYAN = "\u001b[36m";
    private static final String DIM = "\u001b[2m";
    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final boolean colour;
    private final DateTimeFormatter time;

    KeyWatch(PrintStream out, boolean colour, ZoneId zone) {
        this.out = out;
        this.colour = colour;
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
    }

    /** Follows the events until the gateway ends the stream; 1 then (the gateway stopped). */
    int follow(KeyBackend backend, String provider) {
        if (provider != null) {
            backend.keys(provider); // an unknown provider fails here, naming the known ones
        }
        out.println((colour ? DIM : "") + "Following key events of " + (provider == null ? "every provider" : provider)
                + " from " + backend.where() + " (Ctrl-C to stop)" + (colour ? RESET : ""));
        backend.events(provider, json -> out.println(line(KeyEvent.fromJson(json))));
        throw CliFailure.failed("the key events from " + backend.where() + " ended (the gateway stopped?)");
    }

    String line(KeyEvent event) {
        String when = time.format(event.at());
        if (!colour) {
            return when + "  " + event.describe();
        }
        return DIM + when + RESET + "  " + colourOf(event.type()) + event.describe() + RESET;
    }

    private static String colourOf(KeyEvent.Type type) {
        return switch (type) {
            case INVALID, POOL_EXHAUSTED, DISABLED -> RED;
            case COOLED, MODEL_COOLED, SPENT, ROTATED -> YELLOW;
            case RECOVERED, POOL_USABLE, ENABLED -> GREEN;
            case RESET, ADDED, REMOVED -> CYAN;
        };
    }
}
