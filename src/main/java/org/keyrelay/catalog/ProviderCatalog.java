package org.keyrelay.catalog;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one provider's models endpoint said, when, and what is known of each key.
 *
 * @param provider   the provider id
 * @param api        the style the list was read in; null when the provider has no models endpoint
 * @param fetchedAt  when the list was read
 * @param models     the models, in the provider's order
 * @param keyLists   for each key whose own list was read: the model ids in it
 * @param refused    for each model: the keys the provider refused it to while the list was read (MODEL_FORBIDDEN)
 * @param noEndpoint why there is no list (the paths asked and what they answered); null when there is one
 */
public record ProviderCatalog(String provider, ModelsApi api, Instant fetchedAt, List<ModelInfo> models,
                              Map<String, List<String>> keyLists, Map<String, List<String>> refused,
                              String noEndpoint) {

    public ProviderCatalog {
        models = List.copyOf(models);
        keyLists = copy(keyLists);
        refused = copy(refused);
    }

    public static ProviderCatalog withoutEndpoint(String provider, Instant at, String why) {
        return new ProviderCatalog(provider, null, at, List.of(), Map.of(), Map.of(), why);
    }

    public boolean hasEndpoint() {
        return noEndpoint == null;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> map) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> out.put(k, List.copyOf(v)));
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
