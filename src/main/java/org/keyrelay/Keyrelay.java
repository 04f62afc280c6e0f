package org.keyrelay;

import java.time.Clock;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.KeyringException;

/** {@code java -jar keyrelay.jar [options]}: runs the gateway until stopped. */
public final class Keyrelay {

    private Keyrelay() {
    }

    public static void main(String[] args) throws Exception {
        GatewaySettings settings;
        try {
            settings = GatewaySettings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("keyrelay: " + e.getMessage());
            System.err.print(GatewaySettings.USAGE);
            System.exit(2);
            return;
        }
        try {
            KeyrelayApplication.create(settings, System.getenv(), Clock.systemUTC()).run();
        } catch (KeyringException | IllegalStateException e) {
            System.err.println("keyrelay: " + e.getMessage());
            System.exit(1);
        }
    }
}
