package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code keyrelay keys strategy PROVIDER NAME}: how the provider chooses its keys from now on. */
@Command(name = "strategy",
        description = "round-robin, health-based, sticky, least-used, fill-first, weighted, health-sticky")
final class StrategyCommand extends KeysCommand {

    @Mixin
    ProviderParameter target;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        return withBackend(b -> {
            JsonNode p = b.strategy(target.provider, name);
            if (output.json) {
                print(p);
            } else {
                out().println(p.at("/provider/id").asText() + " now uses " + p.at("/provider/strategy").asText());
            }
            return 0;
        });
    }
}
