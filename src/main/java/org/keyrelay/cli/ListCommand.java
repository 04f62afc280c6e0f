package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keyrelay keys list [PROVIDER]}: keys with their health and state. */
@Command(name = "list", description = "keys with their health and state (secrets masked)")
final class ListCommand extends KeysCommand {

    @Parameters(paramLabel = "PROVIDER", arity = "0..1", description = "one provider (default: every one)")
    String provider;

    @Option(names = "--json", description = "print the admin API's JSON")
    boolean json;

    @Override
    public Integer call() {
        return withBackend(b -> {
            KeyListing listing = listing();
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
        });
    }
}
