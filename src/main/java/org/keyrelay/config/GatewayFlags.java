package org.keyrelay.config;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The one definition of the gateway's flags, as picocli mixins that every command line mixes in: {@link Locate}
 * (where the gateway keeps its state and answers its admin API: {@code keyrelay}, {@code keys}, {@code models}),
 * {@link Listen} (where it serves clients: {@code keyrelay}, {@code models}) and {@link Serve} ({@code keyrelay}
 * alone). A flag only records its text here; {@link GatewaySettings#from} falls back to the environment and the
 * defaults and checks the values, so a bad value names the flag and its variable whichever gave it.
 */
@Command(name = "keyrelay")
public final class GatewayFlags {

    @Mixin
    Locate locate;
    @Mixin
    Listen listen;
    @Mixin
    Serve serve;

    /** The flags given, by name ({@code --port} to its text), in the order of the command line. */
    public Map<String, String> given() {
        Map<String, String> given = new LinkedHashMap<>(locate.given);
        given.putAll(listen.given);
        given.putAll(serve.given);
        return given;
    }

    /**
     * The flags of the gateway's command line ({@code serve} already taken off).
     *
     * @throws IllegalArgumentException for an unknown option ("unknown option '--verbose'") or a flag without value
     *                                  ("--keyring needs a value")
     */
    public static Map<String, String> parse(String[] args) {
        GatewayFlags flags = new GatewayFlags();
        try {
            new CommandLine(flags).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(message(e), e);
        }
        return flags.given();
    }

    /** The project's wording of picocli's complaints, the same for every command line. */
    public static String message(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            return arg.startsWith("-") ? "unknown option '" + arg + "'" : "unexpected argument '" + arg + "'";
        }
        if (e instanceof CommandLine.MissingParameterException m && m.getMissing().size() == 1
                && m.getMissing().get(0) instanceof CommandLine.Model.OptionSpec option) {
            return option.longestName() + " needs a value";
        }
        return e.getMessage();
    }

    /** The flags of one group, by name. */
    abstract static class Group {
        final Map<String, String> given = new LinkedHashMap<>();

        /** The flags of this group given on the command line, by name. */
        public Map<String, String> given() {
            return Map.copyOf(given);
        }
    }

    /** Where the gateway keeps its state and answers its admin API: every command needs these. */
    public static final class Locate extends Group {
        @Option(names = "--keyring", paramLabel = "FILE",
                description = "providers and keys (KEYRELAY_KEYRING, default config/keyring.yaml)")
        void keyring(String value) {
            given.put("--keyring", value);
        }

        @Option(names = "--state-dir", paramLabel = "DIR", description = "where key state is kept (KEYRELAY_STATE_DIR,"
                + " default $XDG_STATE_HOME/keyrelay or ~/.local/state/keyrelay)")
        void stateDir(String value) {
            given.put("--state-dir", value);
        }

        @Option(names = "--management-host", paramLabel = "HOST",
                description = "address of the admin API (KEYRELAY_MANAGEMENT_HOST, default 127.0.0.1)")
        void managementHost(String value) {
            given.put("--management-host", value);
        }

        @Option(names = "--management-port", paramLabel = "PORT",
                description = "port of the admin API (KEYRELAY_MANAGEMENT_PORT, default 8081; 0 picks a free one)")
        void managementPort(String value) {
            given.put("--management-port", value);
        }
    }

    /** Where the gateway serves its clients. */
    public static final class Listen extends Group {
        @Option(names = "--host", paramLabel = "HOST",
                description = "address to listen on (KEYRELAY_HOST, default 127.0.0.1)")
        void host(String value) {
            given.put("--host", value);
        }

        @Option(names = "--port", paramLabel = "PORT", description = "port to listen on (KEYRELAY_PORT, default 8080)")
        void port(String value) {
            given.put("--port", value);
        }
    }

    /** What only a running gateway reads: its routes and the key state it shares. */
    public static final class Serve extends Group {
        @Option(names = "--routes", paramLabel = "DIR", description = "the *.camel.yaml route files (KEYRELAY_ROUTES,"
                + " default routes/, else the built-in ones)")
        void routes(String value) {
            given.put("--routes", value);
        }

        @Option(names = "--state", paramLabel = "redis://HOST:PORT/DB", description = "share key state with other"
                + " instances through Redis (KEYRELAY_STATE; default: none, this gateway's state dir alone)")
        void state(String value) {
            given.put("--state", value);
        }
    }
}
