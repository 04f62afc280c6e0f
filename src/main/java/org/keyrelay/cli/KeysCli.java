package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.keyrelay.admin.AdminToken;
import org.keyrelay.admin.GatewayEndpoint;
import org.keyrelay.admin.KeyAction;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.store.ManagedKeysFile;
import org.keyrelay.store.PrivateFile;

/**
 * {@code keyrelay keys ...}: manage keys from the command line. Commands go to the running gateway's admin API
 * when one runs for the state dir (it writes its address to {@code <state-dir>/management.json}; or name it with
 * {@code --management-port} / {@code KEYRELAY_MANAGEMENT_PORT}), else to the files in the state dir, under their
 * lock. Exit codes: 0 done, 1 failed (an unknown provider or key names the known ones), 2 wrong arguments.
 */
public final class KeysCli {

    public static final String USAGE = """
            usage: keyrelay keys COMMAND [ARGS] [OPTIONS]
              list [PROVIDER]                     keys with their health and state (secrets masked)
              add PROVIDER SECRET [--id ID] [--weight N]
                                                  add a key (SECRET - reads it from standard input); kept across restarts
              remove PROVIDER ID                  remove a key added with `add` or `import`
              enable|disable|reset PROVIDER ID    bring a key back / switch it off / forget its failures
              use PROVIDER ID                     send the next requests to this key (running gateway)
              rotate PROVIDER                     move on to the next usable key (running gateway)
              strategy PROVIDER NAME              round-robin, health-based, sticky, least-used, fill-first, weighted
              stats [PROVIDER]                    request counters per provider and key
              watch [PROVIDER]                    follow key events as they happen (running gateway)
              export FILE                         every key, strategy and stat, encrypted with a password
              import FILE                         add the keys of an export this gateway does not have
            options:
              --json                              print the admin API's JSON (read commands and changes)
              --state-dir DIR                     the gateway's state dir (KEYRELAY_STATE_DIR, default ~/.local/state/keyrelay)
              --keyring FILE                      the keyring, used when no gateway runs (KEYRELAY_KEYRING)
              --management-host HOST, --management-port PORT
                                                  talk to the gateway there (KEYRELAY_MANAGEMENT_HOST / _PORT)
            The admin token is KEYRELAY_ADMIN_TOKEN, else <state-dir>/admin-token. The export password is
            KEYRELAY_EXPORT_PASSWORD, else asked on the terminal.
            """;

    private static final Set<String> VALUE_OPTIONS = Set.of("--id", "--weight", "--state-dir", "--keyring",
            "--management-host", "--management-port");
    private static final Set<String> GATEWAY_OPTIONS = Set.of("--state-dir", "--keyring", "--management-host",
            "--management-port");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Passwords passwords;
    private final boolean colour;
    private final Clock clock;

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
        // the CLI's output is its answer: the gateway's INFO lines (operator actions) stay in the gateway's log
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        boolean tty = System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
        KeysCli cli = new KeysCli(System.getenv(), System.out, System.err, System.in, Passwords.fromEnvOrConsole(System.getenv()),
                tty, Clock.systemUTC());
        System.exit(cli.run(args));
    }

    /** Runs one command; returns the exit code. */
    public int run(String[] args) {
        try {
            return execute(Arguments.parse(args));
        } catch (CliFailure e) {
            err.println("keyrelay: " + e.getMessage());
            if (e.exitCode() == CliFailure.USAGE) {
                err.print(USAGE);
            }
            return e.exitCode();
        }
    }

    private int execute(Arguments a) {
        if (a.positional().isEmpty()) {
            throw CliFailure.usage("which command?");
        }
        String command = a.positional().get(0);
        List<String> rest = a.positional().subList(Math.min(1, a.positional().size()), a.positional().size());
        switch (command) {
            case "help":
            case "--help":
            case "-h":
                out.print(USAGE);
                return 0;
            case "list":
                a.expect(rest, 0, 1, "list [PROVIDER]", Set.of("--json"));
                return withBackend(a, b -> list(b, rest.isEmpty() ? null : rest.get(0), a.json()));
            case "add":
                a.expect(rest, 2, 2, "add PROVIDER SECRET [--id ID] [--weight N]", Set.of("--json", "--id", "--weight"));
                String secret = rest.get(1).equals("-") ? readSecret() : rest.get(1);
                Integer weight = a.weight();
                return withBackend(a, b -> changed(a, "added", b.add(rest.get(0), secret, a.option("--id"), weight).get("key")));
            case "strategy":
                a.expect(rest, 2, 2, "strategy PROVIDER NAME", Set.of("--json"));
                return withBackend(a, b -> {
                    JsonNode p = b.strategy(rest.get(0), rest.get(1));
                    if (a.json()) {
                        print(p);
                    } else {
                        out.println(p.at("/provider/id").asText() + " now uses " + p.at("/provider/strategy").asText());
                    }
                    return 0;
                });
            case "stats":
                a.expect(rest, 0, 1, "stats [PROVIDER]", Set.of("--json"));
                return withBackend(a, b -> stats(b, rest.isEmpty() ? null : rest.get(0), a.json()));
            case "watch":
                a.expect(rest, 0, 1, "watch [PROVIDER]", Set.of());
                return withBackend(a, b -> new KeyWatch(out, colour, ZoneId.systemDefault())
                        .follow(b, rest.isEmpty() ? null : rest.get(0)));
            case "export":
                a.expect(rest, 1, 1, "export FILE", Set.of());
                return export(a, Path.of(rest.get(0)));
            case "import":
                a.expect(rest, 1, 1, "import FILE", Set.of("--json"));
                return importFile(a, Path.of(rest.get(0)));
            default:
                KeyAction action = KeyAction.parse(command)
                        .orElseThrow(() -> CliFailure.usage("unknown command '" + command + "'"));
                return act(a, action, rest);
        }
    }

    /** {@code keyrelay keys ACTION PROVIDER [ID]}: any {@link KeyAction}. */
    private int act(Arguments a, KeyAction action, List<String> rest) {
        int words = action.onKey() ? 2 : 1;
        a.expect(rest, words, words, action.word() + " PROVIDER" + (action.onKey() ? " ID" : ""), Set.of("--json"));
        return withBackend(a, b -> changed(a, action.done(), b.act(action, rest.get(0), action.onKey() ? rest.get(1) : null)));
    }

    private int list(KeyBackend b, String provider, boolean json) {
        KeyListing listing = new KeyListing(out, colour, ZoneId.systemDefault());
        if (provider != null) {
            JsonNode keys = b.keys(provider);
            if (json) {
                print(keys);
            } else {
                listing.provider(keys);
            }
            return 0;
        }
        ArrayNode all = JSON.createArrayNode();
        for (JsonNode p : b.providers().path("providers")) {
            all.add(b.keys(p.path("id").asText()));
        }
        if (json) {
            print(JSON.createObjectNode().set("providers", all));
        } else {
            all.forEach(listing::provider);
        }
        return 0;
    }

    private int stats(KeyBackend b, String provider, boolean json) {
        JsonNode stats = b.stats();
        if (provider != null) {
            List<String> known = new ArrayList<>();
            JsonNode chosen = null;
            for (JsonNode p : stats.path("providers")) {
                known.add(p.path("id").asText());
                if (p.path("id").asText().equals(provider)) {
                    chosen = p;
                }
            }
            if (chosen == null) {
                throw CliFailure.failed("No provider '" + provider + "'. Known providers: " + String.join(", ", known) + ".");
            }
            ObjectNode one = JSON.createObjectNode();
            one.set("totals", chosen.path("totals"));
            one.set("providers", JSON.createArrayNode().add(chosen));
            stats = one;
        }
        if (json) {
            print(stats);
        } else {
            new KeyListing(out, colour, ZoneId.systemDefault()).stats(stats);
        }
        return 0;
    }

    private int export(Arguments a, Path file) {
        if (Files.exists(file)) {
            throw CliFailure.failed(file + " exists: choose another name, or remove it first");
        }
        char[] password = passwords.read("Password for " + file + ": ", true);
        return withBackend(a, b -> {
            byte[] sealed = b.export(password);
            try {
                PrivateFile.write(file, sealed);
            } catch (IOException e) {
                throw CliFailure.failed("cannot write " + file + ": " + e.getMessage());
            }
            out.println("exported to " + file + " (" + sealed.length + " bytes, AES-256-GCM, mode 0600): keep the password");
            return 0;
        });
    }

    private int importFile(Arguments a, Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CliFailure.failed("cannot read " + file + ": " + e.getMessage());
        }
        char[] password = passwords.read("Password of " + file + ": ", false);
        return withBackend(a, b -> {
            JsonNode report = b.importFile(bytes, password);
            if (a.json()) {
                print(report);
                return 0;
            }
            out.println("added " + report.path("added").size() + " key(s)" + names(report.path("added")));
            report.path("skipped").forEach(s -> out.println("skipped " + s.asText()));
            report.path("strategies").forEach(s -> out.println("strategy " + s.asText()));
            return 0;
        });
    }

    private int changed(Arguments a, String what, JsonNode key) {
        if (a.json()) {
            print(key);
        } else {
            new KeyListing(out, colour, ZoneId.systemDefault()).changed(what, key);
        }
        return 0;
    }

    private static String names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.asText()));
        return names.isEmpty() ? "" : ": " + String.join(", ", names);
    }

    private void print(JsonNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String readSecret() {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw CliFailure.usage("SECRET is '-' but standard input has no line");
            }
            return line.strip();
        } catch (IOException e) {
            throw CliFailure.failed("cannot read the secret from standard input: " + e.getMessage());
        }
    }

    /** Runs {@code command} on the running gateway, or on the files (under their lock) when none runs. */
    private int withBackend(Arguments a, Function<KeyBackend, Integer> command) {
        boolean named = a.has("--management-port") || (env.get("KEYRELAY_MANAGEMENT_PORT") != null
                && !env.get("KEYRELAY_MANAGEMENT_PORT").isBlank());
        return withBackend(a.settings(env), named, env, clock, command);
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

    /** The command line after {@code keys}: positional words and options. */
    private record Arguments(List<String> positional, Map<String, String> options, List<String> gatewayArgs) {

        static Arguments parse(String[] args) {
            List<String> positional = new ArrayList<>();
            Map<String, String> options = new LinkedHashMap<>();
            List<String> gatewayArgs = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--json")) {
                    options.put(arg, "true");
                } else if (arg.startsWith("--") && !arg.equals("--help")) {
                    String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                    if (!VALUE_OPTIONS.contains(name)) {
                        throw CliFailure.usage("unknown option '" + arg + "'");
                    }
                    String value;
                    if (arg.contains("=")) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw CliFailure.usage(name + " needs a value");
                    }
                    options.put(name, value);
                    if (GATEWAY_OPTIONS.contains(name)) {
                        gatewayArgs.add(name);
                        gatewayArgs.add(value);
                    }
                } else {
                    positional.add(arg);
                }
            }
            return new Arguments(positional, options, gatewayArgs);
        }

        void expect(List<String> rest, int min, int max, String form, Set<String> allowed) {
            if (rest.size() < min || rest.size() > max) {
                throw CliFailure.usage("`keys " + form + "` takes " + (min == max ? min : min + " to " + max)
                        + " argument(s), got " + rest.size());
            }
            for (String option : options.keySet()) {
                if (!allowed.contains(option) && !GATEWAY_OPTIONS.contains(option)) {
                    throw CliFailure.usage("`keys " + form.split(" ")[0] + "` has no option " + option);
                }
            }
        }

        boolean json() {
            return options.containsKey("--json");
        }

        boolean has(String option) {
            return options.containsKey(option);
        }

        String option(String name) {
            return options.get(name);
        }

        Integer weight() {
            String w = options.get("--weight");
            if (w == null) {
                return null;
            }
            try {
                return Integer.parseInt(w.strip());
            } catch (NumberFormatException e) {
                throw CliFailure.usage("--weight: '" + w + "' is not a whole number");
            }
        }

        GatewaySettings settings(Map<String, String> env) {
            GatewaySettings s;
            try {
                s = GatewaySettings.parse(gatewayArgs.toArray(String[]::new), env);
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage(e.getMessage());
            }
            // the CLI listens on nothing: the gateway's own --host rules do not apply to it
            return new GatewaySettings(s.keyring(), "127.0.0.1", s.port(), s.stateDir(), s.routes(), s.clientTokens(),
                    s.managementHost(), s.managementPort(), s.state());
        }

        /** Arguments may hold a secret: only their shape is shown. */
        @Override
        public String toString() {
            return "Arguments[" + positional.size() + " words, options " + options.keySet() + "]";
        }
    }
}
