package org.keyrelay.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keyrelay.catalog.ClientConfigs;
import org.keyrelay.catalog.ModelTable;
import org.keyrelay.catalog.ModelsReport;
import org.keyrelay.config.GatewaySettings;

/**
 * {@code keyrelay models ...}: the providers' model catalogs, and client configurations written from them. Like
 * {@code keyrelay keys}, it asks the running gateway's admin API, or reads with the state dir's files and the
 * keyring's keys when no gateway runs. The command line is read by {@link Request#parse}; {@link #run(Request)} does
 * the work. Exit codes: 0 done, 1 failed, 2 wrong arguments.
 */
public final class ModelsCli {

    public static final String USAGE = """
            usage: keyrelay models [PROVIDER] [--refresh] [--json]
                   keyrelay models PROVIDER --format opencode|pi
              (no PROVIDER)                       every provider's models
              --refresh                           read the lists from the providers now (else: kept up to 1 h)
              --json                              the admin API's JSON
              --format opencode                   the provider block for opencode.json, with every model's limits
              --format pi                         the provider block for ~/.pi/agent/models.json
            options:
              --state-dir DIR, --keyring FILE, --management-host HOST, --management-port PORT   as for `keyrelay keys`
              --host HOST, --port PORT            the gateway's address, for the configs when no gateway runs
            """;

    private static final Set<String> VALUE_OPTIONS = Set.of("--format", "--state-dir", "--keyring", "--management-host",
            "--management-port", "--host", "--port");
    private static final Set<String> FORMATS = Set.of("opencode", "pi");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    public ModelsCli(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** {@code java -jar keyrelay.jar models ...}. */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(new ModelsCli(System.getenv(), System.out, System.err, Clock.systemUTC()).run(args));
    }

    /** Runs one command line; returns the exit code. */
    public int run(String[] args) {
        try {
            Request request = Request.parse(args);
            if (request.help()) {
                out.print(USAGE);
                return 0;
            }
            return run(request);
        } catch (CliFailure e) {
            err.println("keyrelay: " + e.getMessage());
            if (e.exitCode() == CliFailure.USAGE) {
                err.print(USAGE);
            }
            return e.exitCode();
        }
    }

    /** What the command line asks for. */
    public record Request(String provider, boolean refresh, boolean json, String format, List<String> gatewayArgs,
                          boolean help) {

        public static Request parse(String[] args) {
            String provider = null;
            boolean refresh = false;
            boolean json = false;
            String format = null;
            List<String> gatewayArgs = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h") || arg.equals("help")) {
                    return new Request(null, false, false, null, List.of(), true);
                } else if (arg.equals("--refresh")) {
                    refresh = true;
                } else if (arg.equals("--json")) {
                    json = true;
                } else if (arg.startsWith("--")) {
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
                    if (name.equals("--format")) {
                        format = value;
                    } else {
                        gatewayArgs.add(name);
                        gatewayArgs.add(value);
                    }
                } else if (provider == null) {
                    provider = arg;
                } else {
                    throw CliFailure.usage("`models` takes at most one PROVIDER, got '" + provider + "' and '" + arg + "'");
                }
            }
            if (format != null && !FORMATS.contains(format)) {
                throw CliFailure.usage("--format: '" + format + "' is not one of opencode, pi");
            }
            if (format != null && provider == null) {
                throw CliFailure.usage("--format " + format + " needs a PROVIDER: the block is written for one provider");
            }
            if (format != null && json) {
                throw CliFailure.usage("--format and --json do not go together: --format already prints JSON");
            }
            return new Request(provider, refresh, json, format, List.copyOf(gatewayArgs), false);
        }
    }

    /** Does what {@code request} asks. */
    public int run(Request request) {
        GatewaySettings settings;
        try {
            settings = GatewaySettings.parse(request.gatewayArgs().toArray(String[]::new), env);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
        boolean named = request.gatewayArgs().contains("--management-port") || (env.get("KEYRELAY_MANAGEMENT_PORT") != null
                && !env.get("KEYRELAY_MANAGEMENT_PORT").isBlank());
        return KeysCli.withBackend(settings, named, env, clock, backend -> {
            if (request.provider() != null) {
                JsonNode report = backend.models(request.provider(), request.refresh());
                if (request.format() != null) {
                    ModelsReport r = report(report);
                    print(request.format().equals("opencode") ? ClientConfigs.opencode(r) : ClientConfigs.pi(r));
                } else if (request.json()) {
                    print(report);
                } else {
                    out.print(ModelTable.render(report(report)));
                }
                return 0;
            }
            // every provider: one whose list cannot be read says why; the command fails only when none could be read
            ArrayNode all = JSON.createArrayNode();
            int read = 0;
            int failed = 0;
            for (JsonNode p : backend.providers().path("providers")) {
                String id = p.path("id").asText();
                try {
                    JsonNode report = backend.models(id, request.refresh());
                    all.add(report);
                    read++;
                    if (!request.json()) {
                        out.print(ModelTable.render(report(report)));
                        out.println();
                    }
                } catch (CliFailure e) {
                    failed++;
                    all.add(JSON.createObjectNode().put("provider", id).put("error", e.getMessage()));
                    if (!request.json()) {
                        out.println(id + "\n  " + e.getMessage() + "\n");
                    }
                }
            }
            if (request.json()) {
                print(JSON.createObjectNode().set("providers", all));
            }
            return read == 0 && failed > 0 ? CliFailure.FAILED : 0;
        });
    }

    private static ModelsReport report(JsonNode json) {
        try {
            return JSON.treeToValue(json, ModelsReport.class);
        } catch (IOException e) {
            throw CliFailure.failed("the catalog answer cannot be read: " + e.getMessage());
        }
    }

    private void print(JsonNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
