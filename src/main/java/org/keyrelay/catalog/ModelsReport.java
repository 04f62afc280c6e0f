package org.keyrelay.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A provider's catalog as the admin API, the CLI and JMX show it: the models with their limits and capabilities,
 * and for each model the keys known to reach it and the keys known not to.
 *
 * @param provider       the provider id
 * @param api            the style the list was read in ({@code ollama}, {@code openai}, {@code anthropic}); null
 *                       when there is no models endpoint
 * @param modelsEndpoint whether the provider has one
 * @param message        why there is no list, or why this one is older than the refresh period (its refresh failed)
 * @param fetchedAt      when the list was read (ISO-8601)
 * @param stale          true when the last refresh failed and this is the list read before
 * @param baseUrl        the gateway's URL for this provider ({@code http://127.0.0.1:8080/<id>}), what clients use
 * @param models         the models
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelsReport(String provider, String api, boolean modelsEndpoint, String message, String fetchedAt,
                           boolean stale, String baseUrl, List<Model> models) {

    public ModelsReport {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /**
     * One model: what its provider says ({@link ModelInfo}), plus {@code keys} (the keys whose list holds it and that
     * were not refused it) and {@code refused} (keys whose list lacks it, that the provider refused it to, or that
     * are cooling for it now). A key whose own list could not be read is in neither.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Model(String id, String name, Integer context, Integer output, List<String> capabilities,
                        List<String> input, String family, String parameterSize, String quantization,
                        Map<String, String> pricing, List<String> keys, List<String> refused) {

        public ModelInfo info() {
            return new ModelInfo(id, name, context, output, capabilities, input, family, parameterSize, quantization,
                    pricing);
        }
    }
}
