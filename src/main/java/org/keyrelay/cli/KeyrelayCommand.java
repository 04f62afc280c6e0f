package org.keyrelay.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import org.keyrelay.config.GatewayFlags;
import org.keyrelay.config.GatewaySettings;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code keyrelay [serve] [FLAGS]}: the gateway's command line ({@link GatewayFlags}), which runs the gateway; its
 * subcommands {@code keys} ({@link KeysCli}), {@code models} ({@link ModelsCli}) and {@code generate-completion}
 * (picocli's bash / zsh completion script for all of them).
 */
@Command(name = "keyrelay", synopsisHeading = "usage: ", customSynopsis = {
        "java -jar keyrelay.jar [serve] [--keyring FILE] [--host HOST] [--port PORT] [--state-dir DIR] [--routes DIR]",
        "                              [--management-host HOST] [--management-port PORT] [--state redis://HOST:PORT/DB]",
        "       java -jar keyrelay.jar keys ...     manage keys (run `keyrelay keys help`)",
        "       java -jar keyrelay.jar models ...   the providers' models (run `keyrelay models --help`)"},
        description = "Runs the gateway until it is stopped.", optionListHeading = "options:%n",
        commandListHeading = "commands:%n",
        footer = "the admin API wants KEYRELAY_ADMIN_TOKEN, else the token in <state-dir>/admin-token (made at first start)",
        subcommands = AutoComplete.GenerateCompletion.class)
public final class KeyrelayCommand implements Callable<Integer> {

    @Mixin
    GatewayFlags.Locate locate;
    @Mixin
    GatewayFlags.Listen listen;
    @Mixin
    GatewayFlags.Serve serve;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final ToIntFunction<GatewaySettings> gateway;

    private KeyrelayCommand(Map<String, String> env, ToIntFunction<GatewaySettings> gateway) {
        this.env = env;
        this.gateway = gateway;
    }

    /**
     * The whole command line: {@code gateway} runs the gateway on the settings read and returns its exit code. The
     * {@code keys} and {@code models} subcommands keep their own answers to errors.
     */
    public static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err, Clock clock,
                                          Passwords passwords, ToIntFunction<GatewaySettings> gateway) {
        CommandLine root = new CommandLine(new KeyrelayCommand(env, gateway));
        CliErrors.install(root, out, err);
        CommandList.install(root);
        root.addSubcommand("keys", new KeysCli(env, out, err, System.in, passwords, false, clock).commandLine());
        root.addSubcommand("models", new ModelsCli(env, out, err, clock).commandLine());
        return root;
    }

    /**
     * The command line for {@code args}: to run the gateway, the gateway's own command without the {@code keys} and
     * {@code models} trees (building those is about a sixth of the main thread's work before the ingress listens);
     * help, completion and any error get {@link #commandLine the whole one}, so they read the same.
     */
    public static CommandLine forArgs(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
                                      Clock clock, Passwords passwords, ToIntFunction<GatewaySettings> gateway) {
        CommandLine serve = new CommandLine(new KeyrelayCommand(env, gateway));
        CliErrors.install(serve, out, err);
        serve.setParameterExceptionHandler((e, again) ->
                commandLine(env, out, err, clock, passwords, gateway).execute(again));
        try {
            CommandLine.ParseResult parsed = serve.parseArgs(args);
            if (!parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested() && !parsed.hasSubcommand()) {
                return serve;
            }
        } catch (CommandLine.ParameterException e) {
            // the whole command line says what is wrong
        }
        return commandLine(env, out, err, clock, passwords, gateway);
    }

    @Override
    public Integer call() {
        Map<String, String> flags = new LinkedHashMap<>(locate.given());
        flags.putAll(listen.given());
        flags.putAll(serve.given());
        GatewaySettings settings;
        try {
            settings = GatewaySettings.from(flags, env);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return gateway.applyAsInt(settings);
    }
}
