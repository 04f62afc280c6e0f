package org.keyrelay;

import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.keyrelay.cli.KeyrelayCommand;
import org.keyrelay.cli.KeysCli;
import org.keyrelay.cli.ModelsCli;
import org.keyrelay.cli.Passwords;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.KeyringException;
import org.keyrelay.config.SettingException;

/**
 * {@code java -jar keyrelay.jar [serve] [options]}: runs the gateway until stopped;
 * {@code java -jar keyrelay.jar keys ...}: the key-management CLI ({@link KeysCli});
 * {@code java -jar keyrelay.jar models ...}: the model catalogs and client configurations ({@link ModelsCli}).
 */
public final class Keyrelay {

    /** The system property that sizes the common ForkJoin pool; read once, when that pool is first used. */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private Keyrelay() {
    }

    public static void main(String[] args) throws Exception {
        commonPoolParallelism(System.getProperty(COMMON_POOL_PARALLELISM), Runtime.getRuntime().availableProcessors())
                .ifPresent(p -> System.setProperty(COMMON_POOL_PARALLELISM, p));
        if (args.length > 0 && args[0].equals("keys")) {
            KeysCli.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("models")) {
            ModelsCli.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("serve")) {
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        int code = KeyrelayCommand.forArgs(args, System.getenv(), System.out, System.err, Clock.systemUTC(),
                Passwords.fromEnvOrConsole(System.getenv()), Keyrelay::serve).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the gateway until it is stopped; 1 when it cannot start. */
    private static int serve(GatewaySettings settings) {
        try {
            KeyrelayApplication.create(settings, System.getenv(), Clock.systemUTC()).run();
            return 0;
        } catch (Exception e) {
            Optional<SettingException> setting = settingError(e);
            if (setting.isPresent()) {
                System.err.println("keyrelay: " + setting.get().getMessage());
                return 1;
            }
            if (e instanceof KeyringException || e instanceof IllegalStateException) {
                System.err.println("keyrelay: " + e.getMessage());
                return 1;
            }
            throw new IllegalStateException(e);
        }
    }

    /** A bad setting of application.properties, however deep Camel Main wrapped it. */
    static Optional<SettingException> settingError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SettingException s) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The common-pool parallelism to set, if any. The JDK HttpClient ends every {@code sendAsync} with a step on
     * CompletableFuture's default executor, which is the common pool only when its parallelism is at least 2; on a
     * machine with fewer than 3 CPUs the default parallelism is 1 and that executor starts a new thread for every
     * step: one thread per call (measured on 2 CPUs when the relay was on the JDK HttpClient: 1,000 threads started
     * for 1,000 requests, about twice the CPU per request; the relay is on Netty now, but the model catalog and the
     * usage polls still call providers through it). This must be set before anything uses CompletableFuture, hence
     * first thing in main; an explicit {@code -D} setting is kept.
     */
    static Optional<String> commonPoolParallelism(String configured, int cpus) {
        return configured == null && cpus - 1 < 2 ? Optional.of("2") : Optional.empty();
    }
}
