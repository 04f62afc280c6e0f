package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code keyrelay keys stats [PROVIDER]}: the counters per provider and key. */
@Command(name = "stats", description = "requests, success rate, failures, latency and tokens per provider and key")
final class StatsCommand extends KeysCommand {

    @Mixin
    ProviderReading reading;

    @Override
    public Integer call() {
        return withBackend(b -> {
            JsonNode stats = b.stats();
            if (reading.provider() != null) {
                stats = one(stats, reading.provider());
            }
            if (reading.json()) {
                print(stats);
            } else {
                listing().stats(stats, reading.provider());
            }
            return 0;
        });
    }

    /** The statistics of one provider, in the shape of all of them. */
    private static JsonNode one(JsonNode stats, String provider) {
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
        return one;
    }
}
