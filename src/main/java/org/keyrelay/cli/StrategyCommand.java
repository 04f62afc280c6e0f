package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keyrelay keys strategy PROVIDER NAME}: how the provider chooses its keys from now on. */
@Command(name = "strategy",
        description = "round-robin, health-based, sticky, least-used, fill-first, weighted, health-sticky")
final class StrategyCommand extends KeysCommand {

    @Parameters(index = "0", paramLabel = "PROVIDER")
    String provider;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "print the admin API's JSON")
    boolean json;

    @Override
    public Integer call() {
        return withBackend(b -> {
            JsonNode p = b.strategy(provider, name);
            if (json) {
                print(p);
            } else {
                out().println(p.at("/provider/id").asText() + " now uses " + p.at("/provider/strategy").asText());
            }
            return 0;
        });
    }
}
