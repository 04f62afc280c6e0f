package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code keyrelay keys list [PROVIDER]}: keys with their health and state. */
@Command(name = "list", description = "keys with their health and state (secrets masked)")
final class ListCommand extends KeysCommand {

    @Mixin
    ProviderReading reading;

    @Override
    public Integer call() {
        return withBackend(b -> {
            KeyListing listing = listing();
            if (reading.provider() != null) {
                JsonNode keys = b.keys(reading.provider());
                if (reading.json()) {
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
            if (reading.json()) {
                print(JSON.createObjectNode().set("providers", all));
            } else {
                all.forEach(listing::provider);
            }
            return 0;
        });
    }
}
