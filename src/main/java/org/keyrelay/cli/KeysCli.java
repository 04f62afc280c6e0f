package org.keyrelay.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.keyrelay.admin.AdminToken;
import org.keyrelay.admin.GatewayEndpoint;
import org.keyrelay.admin.KeyAction;
import org.keyrelay.config.GatewayFlags;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.store.ManagedKeysFile;
import org.keyrelay.store.PrivateFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code keyrelay keys ...}: manage keys from the command line. Commands go to the running gateway's admin API
 * when one runs for the state dir (it writes its address to {@code <state-dir>/management.json}; or name it with
 * {@code --management-port} / {@code KEYRELAY_MANAGEMENT_PORT}), else to the files in the state dir, under their
 * lock. Exit codes: 0 done, 1 failed (an unknown provider or key names the known ones), 2 wrong arguments.
 * <p>
 * Each command is one class ({@link KeysCommand}'s subclasses, listed in {@code subcommands} below); the
 * {@link KeyAction}s are one class for all ({@link ActionCommand}), added for every action there is.
 */
@Command(name = "keys", synopsisHeading = "usage: ", customSynopsis = "keyrelay keys COMMAND [ARGS] [OPTIONS]",
        description = "Manage the keys of the gateway's providers (secrets are shown masked).",
        commandListHeading = "commands:%n", optionListHeading = "options:%n",
        footer = "The admin token is KEYRELAY_ADMIN_TOKEN, else <state-dir>/admin-token. The export password is"
                + " KEYRELAY_EXPORT_PASSWORD, else asked on the terminal.",
        subcommands = {CommandLine.HelpCommand.class, ListCommand.class, AddCommand.class, StrategyCommand.class,
                StatsCommand.class, WatchCommand.class, ExportCommand.class, ImportCommand.class})
public final class KeysCli implements Runnable {

    @Mixin
    GatewayFlags.Locate locate;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;
    final InputStream in;
    final Passwords passwords;
    final boolean colour;
    final Clock clock;

    public KeysCli(Map<String, String> env, PrintStream out, PrintStream err, InputStream in, Passwords passwords,
                   boolean colour, Clock clock) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.in = in;
        this.passwords = passwords;
        this.colour = colour;
        this.clock = clock;
    }

    /** {@code java -jar keyrelay.jar keys ...}. */
    public static void main(String[] args) {
        CliLogging.quiet();
        System.exit(standard().run(args));
    }

    /** The CLI on this process's environment, streams and terminal. */
    static KeysCli standard() {
        boolean tty = System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
        return new KeysCli(System.getenv(), System.out, System.err, System.in,
                Passwords.fromEnvOrConsole(System.getenv()), tty, Clock.systemUTC());
    }

    /** Runs one command; returns the exit code. */
    public int run(String[] args) {
        return commandLine().execute(args);
    }

    /** The {@code keys} command with every subcommand, answering as {@link CliErrors} says. */
    CommandLine commandLine() {
        CommandLine keys = new CommandLine(this);
        for (KeyAction action : KeyAction.values()) {
            keys.addSubcommand(action.word(), ActionCommand.commandLine(action));
        }
        keys.setCommandName("keyrelay keys");
        keys.getSubcommands().get("help").getCommandSpec().usageMessage()
                .description("this help, or a command's (also: COMMAND --help)");
        keys.getSubcommands().values()
                .forEach(command -> command.getCommandSpec().usageMessage().synopsisHeading("usage: "));
        CliErrors.install(keys, out, err);
        CommandList.install(keys);
        return keys;
    }

    /** {@code keyrelay keys} with no command. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "which command?");
    }

    /**
     * Runs {@code command} on the gateway or the files that the flags of the command line name ({@code own}: the
     * command's, which win over those given before the command word).
     */
    <T> T withBackend(GatewayFlags.Locate own, Function<KeyBackend, T> command) {
        Map<String, String> flags = new java.util.LinkedHashMap<>(locate.given());
        flags.putAll(own.given());
        GatewaySettings s;
        try {
            s = GatewaySettings.from(flags, env);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
        // the CLI listens on nothing: the gateway's own --host rules do not apply to it
        GatewaySettings settings = new GatewaySettings(s.keyring(), "127.0.0.1", s.port(), s.stateDir(), s.routes(),
                s.clientTokens(), s.managementHost(), s.managementPort(), s.state());
        return withBackend(settings, named(flags, env), env, clock, command);
    }

    /** Whether the command line or the environment names the gateway's admin port. */
    static boolean named(Map<String, String> flags, Map<String, String> env) {
        return flags.containsKey("--management-port") || (env.get("KEYRELAY_MANAGEMENT_PORT") != null
                && !env.get("KEYRELAY_MANAGEMENT_PORT").isBlank());
    }

    /**
     * Runs {@code command} on the gateway named by {@code --management-port} ({@code named}), else on the running
     * gateway of the state dir, else on the files of the state dir under their lock (every CLI command decides so).
     */
    static <T> T withBackend(GatewaySettings settings, boolean named, Map<String, String> env, Clock clock,
                             Function<KeyBackend, T> command) {
        String token = AdminToken.find(settings.stateDir(), env).map(AdminToken::reveal).orElse(null);
        if (named) {
            String host = settings.managementHost().contains(":") ? "[" + settings.managementHost() + "]" : settings.managementHost();
            RemoteKeys remote = new RemoteKeys("http://" + host + ":" + settings.managementPort(), token);
            if (!remote.reachable()) {
                throw CliFailure.failed("no gateway answers at " + remote.where().substring("the gateway at ".length())
                        + " (--management-port / KEYRELAY_MANAGEMENT_PORT)");
            }
            return command.apply(remote);
        }
        GatewayEndpoint endpoint = GatewayEndpoint.find(settings.stateDir()).orElse(null);
        if (endpoint != null) {
            RemoteKeys remote = new RemoteKeys(endpoint.url(), token);
            if (!remote.reachable()) {
                throw CliFailure.failed("the gateway (pid " + endpoint.pid() + ") using " + settings.stateDir()
                        + " does not answer at " + endpoint.url() + "; is it still starting?");
            }
            return command.apply(remote);
        }
        try {
            return PrivateFile.locked(new ManagedKeysFile(settings.stateDir()).lockFile(), () -> {
                try (LocalKeys local = new LocalKeys(settings, env, clock)) {
                    return command.apply(local);
                }
            });
        } catch (IOException e) {
            throw CliFailure.failed("cannot lock the files in " + settings.stateDir() + ": " + e.getMessage());
        }
    }

}
