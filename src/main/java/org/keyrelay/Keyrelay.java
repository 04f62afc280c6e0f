package org.keyrelay;

import java.time.Clock;
import java.util.Arrays;
import org.keyrelay.cli.KeysCli;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.KeyringException;

/**
 * {@code java -jar keyrelay.jar [serve] [options]}: runs the gateway until stopped;
 * {@code java -jar keyrelay.jar keys ...}: the key-management CLI ({@link KeysCli}).
 */
public final class Keyrelay {

    private Keyrelay() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("keys")) {
            KeysCli.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("serve")) {
            args = Arrays.copyOfRange(args, 1, args.length);
        }
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
