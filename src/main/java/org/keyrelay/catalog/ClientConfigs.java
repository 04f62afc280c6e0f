package org.keyrelay.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Client configurations written from a catalog: the provider block of opencode's {@code opencode.json} and of pi's
 * {@code ~/.pi/agent/models.json}, pointing at the gateway, with every model's limits and capabilities the catalog
 * knows. A limit the provider does not state is left out (the client's default applies). Models that only embed are
 * left out: a coding agent cannot chat with them.
 * <p>
 * Which API the client speaks follows the catalog's style: a provider listed in Anthropic's style is used through
 * the Anthropic Messages API ({@code <gateway>/<id>/v1/messages}), every other through the OpenAI-compatible chat
 * completions ({@code <gateway>/<id>/v1/chat/completions}, which Ollama also serves).
 */
public final class ClientConfigs {

    /** What the client sends as its API key: the gateway ignores it unless client tokens are configured. */
    public static final String API_KEY = "keyrelay";
    public static final String OPENCODE_SCHEMA = "https://opencode.ai/config.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** opencode's modalities. */
    private static final Set<String> OPENCODE_INPUTS = Set.of("text", "audio", "image", "video", "pdf");

    private ClientConfigs() {
    }

    /** The name of the provider in the client's configuration: {@code <id>-keyrelay}. */
    public static String clientProvider(ModelsReport report) {
        return report.provider() + "-keyrelay";
    }

    /** {@code {"$schema":..., "provider": {"<id>-keyrelay": {...}}}} for opencode.json. */
    public static ObjectNode opencode(ModelsReport report) {
        boolean anthropic = anthropic(report);
        ObjectNode provider = JSON.createObjectNode();
        provider.put("npm", anthropic ? "@ai-sdk/anthropic" : "@ai-sdk/openai-compatible");
        provider.put("name", displayName(report));
        provider.putObject("options").put("baseURL", report.baseUrl() + "/v1").put("apiKey", API_KEY);
        ObjectNode models = provider.putObject("models");
        for (ModelsReport.Model m : chatModels(report)) {
            ObjectNode model = models.putObject(m.id());
            if (m.name() != null) {
                model.put("name", m.name());
            }
            if (m.context() != null) {
                ObjectNode limit = model.putObject("limit").put("context", m.context());
                // opencode's limit needs both numbers: an unknown output limit is the context (the provider caps it)
                limit.put("output", m.output() != null ? m.output() : m.context());
            }
            ModelInfo info = m.info();
            if (!info.capabilities().isEmpty()) {
                model.put("tool_call", info.can(Capabilities.TOOLS));
                model.put("reasoning", info.can(Capabilities.THINKING));
                model.put("attachment", info.seesImages() || info.input().contains("pdf"));
            }
            List<String> input = opencodeInputs(info);
            if (!input.isEmpty()) {
                ObjectNode modalities = model.putObject("modalities");
                input.forEach(modalities.putArray("input")::add);
                modalities.putArray("output").add("text");
            }
        }
        ObjectNode root = JSON.createObjectNode().put("$schema", OPENCODE_SCHEMA);
        root.putObject("provider").set(clientProvider(report), provider);
        return root;
    }

    /** {@code {"providers": {"<id>-keyrelay": {...}}}} for pi's models.json. */
    public static ObjectNode pi(ModelsReport report) {
        boolean anthropic = anthropic(report);
        ObjectNode provider = JSON.createObjectNode();
        // pi's Anthropic client appends /v1/messages itself; its OpenAI client appends /chat/completions
        provider.put("baseUrl", anthropic ? report.baseUrl() : report.baseUrl() + "/v1");
        provider.put("api", anthropic ? "anthropic-messages" : "openai-completions");
        provider.put("apiKey", API_KEY);
        if (ModelsApi.OLLAMA.configName().equals(report.api())) {
            // Ollama's OpenAI-compatible API takes no developer role (pi's docs, "Custom Models")
            provider.putObject("compat").put("supportsDeveloperRole", false);
        }
        ArrayNode models = provider.putArray("models");
        for (ModelsReport.Model m : chatModels(report)) {
            ObjectNode model = models.addObject().put("id", m.id());
            if (m.name() != null) {
                model.put("name", m.name());
            }
            ModelInfo info = m.info();
            if (!info.capabilities().isEmpty()) {
                model.put("reasoning", info.can(Capabilities.THINKING));
                ArrayNode input = model.putArray("input").add("text");
                if (info.seesImages()) {
                    input.add("image");
                }
            }
            if (m.context() != null) {
                model.put("contextWindow", m.context());
            }
            if (m.output() != null) {
                model.put("maxTokens", m.output());
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.putObject("providers").set(clientProvider(report), provider);
        return root;
    }

    private static boolean anthropic(ModelsReport report) {
        return ModelsApi.ANTHROPIC.configName().equals(report.api());
    }

    private static String displayName(ModelsReport report) {
        String id = report.provider();
        return id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1) + " via Keyrelay";
    }

    private static List<ModelsReport.Model> chatModels(ModelsReport report) {
        return report.models().stream().filter(m -> {
            ModelInfo info = m.info();
            return !(info.can(Capabilities.EMBEDDING) && !info.can(Capabilities.COMPLETION));
        }).toList();
    }

    private static List<String> opencodeInputs(ModelInfo info) {
        List<String> out = new ArrayList<>();
        for (String in : info.input()) {
            String name = in.equals("file") ? "pdf" : in;
            if (OPENCODE_INPUTS.contains(name) && !out.contains(name)) {
                out.add(name);
            }
        }
        if (out.isEmpty() && info.seesImages()) {
            out.add("text");
            out.add("image");
        }
        return out;
    }
}
