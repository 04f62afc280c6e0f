package org.keyrelay.catalog;

import java.util.List;
import org.keyrelay.config.ProviderConfig;
import org.keyrelay.http.AuthStyle;

/**
 * The three shapes a provider's model list comes in, and which a provider is asked for. Nothing is configured for
 * this: a provider that wants its key as {@code x-api-key} speaks Anthropic's API (that header is Anthropic's
 * convention), so its list is Anthropic's {@code /v1/models}; any other provider is asked for Ollama's native
 * {@code /api/tags} first (its answer names context lengths and capabilities through {@code /api/show}), and when
 * the upstream does not serve that path, for the OpenAI-compatible {@code /v1/models}. The style found is remembered
 * with the catalog, so the next refresh asks it directly.
 */
public enum ModelsApi {

    /** {@code GET /api/tags}, then {@code POST /api/show} per model. */
    OLLAMA("ollama", "/api/tags"),
    /** {@code GET /v1/models}: {@code {"object":"list","data":[{"id":...}]}}, with OpenRouter's extra fields. */
    OPENAI("openai", "/v1/models"),
    /** {@code GET /v1/models} with {@code anthropic-version}: {@code {"data":[...],"has_more":...,"last_id":...}}. */
    ANTHROPIC("anthropic", "/v1/models");

    /** The {@code anthropic-version} Anthropic's API requires on every request. */
    public static final String ANTHROPIC_VERSION = "2023-06-01";

    private final String configName;
    private final String listPath;

    ModelsApi(String configName, String listPath) {
        this.configName = configName;
        this.listPath = listPath;
    }

    public String configName() {
        return configName;
    }

    /** The list's path under the provider's upstream. */
    public String listPath() {
        return listPath;
    }

    /** Which styles to ask {@code provider} for, in order. */
    public static List<ModelsApi> candidates(ProviderConfig provider) {
        return provider.auth().equals(AuthStyle.X_API_KEY) ? List.of(ANTHROPIC) : List.of(OLLAMA, OPENAI);
    }

    public static ModelsApi ofConfigName(String name) {
        for (ModelsApi api : values()) {
            if (api.configName.equals(name)) {
                return api;
            }
        }
        return null;
    }
}
