package org.keyrelay.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.keyrelay.catalog.ClientConfigs;
import org.keyrelay.catalog.ModelTable;
import org.keyrelay.catalog.ModelsReport;
import org.keyrelay.config.GatewayFlags;
import org.keyrelay.config.GatewaySettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keyrelay models ...}: the providers' model catalogs, and client configurations written from them. Like
 * {@code keyrelay keys}, it asks the running gateway's admin API, or reads with the state dir's files and the
 * keyring's keys when no gateway runs. The command line is read by picocli into a {@link Request};
 * {@link #run(Request)} does the work. Exit codes: 0 done, 1 failed, 2 wrong arguments.
 */
@Command(name = "models", synopsisHeading = "usage: ", customSynopsis = {
        "keyrelay models [PROVIDER] [--refresh] [--json]",
        "       keyrelay models PROVIDER --format opencode|pi"},
        description = "The providers' model catalogs, and client configurations written from them.",
        optionListHeading = "options:%n")
public final class ModelsCli implements Callable<Integer> {

    @Parameters(paramLabel = "PROVIDER", arity = "0..1", description = "one provider (default: every provider)")
    String provider;

    @Option(names = "--refresh", description = "read the lists from the providers now (else: kept up to 1 h)")
    boolean refresh;

    @Option(names = "--json", description = "the admin API's JSON")
    boolean json;

    @Option(names = "--format", paramLabel = "opencode|pi", description = {"opencode: the provider block for"
            + " opencode.json, with every model's limits; pi: the provider block for ~/.pi/agent/models.json"})
    String format;

    @Mixin
    HelpOption help;

    @Mixin
    GatewayFlags.Locate locate;

    /** The gateway's address, for the configurations when no gateway runs. */
    @Mixin
    GatewayFlags.Listen listen;

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
        CliLogging.quiet();
        System.exit(new ModelsCli(System.getenv(), System.out, System.err, Clock.systemUTC()).run(args));
    }

    /** Runs one command line; returns the exit code. */
    public int run(String[] args) {
        if (args.length == 1 && args[0].equals("help")) {
            args = new String[] {"--help"};
        }
        return commandLine().execute(args);
    }

    /** The {@code models} command, answering as {@link CliErrors} says. */
    CommandLine commandLine() {
        CommandLine models = new CommandLine(this).setCommandName("keyrelay models");
        CliErrors.install(models, out, err);
        return models;
    }

    @Override
    public Integer call() {
        Map<String, String> flags = new LinkedHashMap<>(locate.given());
        flags.putAll(listen.given());
        return run(Request.of(provider, refresh, json, format, flags));
    }

    /** What the command line asks for; {@code flags} are the gateway's flags given, by name. */
    public record Request(String provider, boolean refresh, boolean json, String format, Map<String, String> flags) {

        /** @throws CliFailure (wrong arguments) for a format that is not known or does not fit the rest */
        public static Request of(String provider, boolean refresh, boolean json, String format,
                                 Map<String, String> flags) {
            if (format != null && !FORMATS.contains(format)) {
                throw CliFailure.usage("--format: '" + format + "' is not one of opencode, pi");
            }
            if (format != null && provider == null) {
                throw CliFailure.usage("--format " + format + " needs a PROVIDER: the block is written for one provider");
            }
            if (format != null && json) {
                throw CliFailure.usage("--format and --json do not go together: --format already prints JSON");
            }
            return new Request(provider, refresh, json, format, Map.copyOf(flags));
        }
    }

    /** Does what {@code request} asks. */
    public int run(Request request) {
        GatewaySettings settings;
        try {
            settings = GatewaySettings.from(request.flags(), env);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
        boolean named = KeysCli.named(request.flags(), env);
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
