package org.keyrelay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads the providers' model lists, one method per answer, with the field names of each provider's documentation.
 * Lenient: a field that is missing or of another type is unknown, never an error; an answer that is not the
 * expected shape at all is {@link NotAList}.
 */
public final class ModelLists {

    /** The answer is not this style's list (an HTML page, another API's JSON). */
    public static final class NotAList extends RuntimeException {
        public NotAList(String message) {
            super(message, null, false, false);
        }
    }

    /** Key suffixes of Ollama's {@code model_info} that hold the context length ({@code gptoss.context_length}). */
    private static final String CONTEXT_LENGTH = ".context_length";

    private ModelLists() {
    }

    /** Ollama {@code GET /api/tags}: {@code {"models":[{"name","model","details":{...}}]}}; the names, in order. */
    public static List<JsonNode> ollamaTags(JsonNode answer) {
        return entries(answer, "models", m -> !ollamaName(m).isEmpty(), m -> m);
    }

    /** The name Ollama's requests use for a {@code /api/tags} entry. */
    public static String ollamaName(JsonNode tag) {
        String name = text(tag, "name");
        return name.isEmpty() ? text(tag, "model") : name;
    }

    /**
     * Ollama {@code POST /api/show}: {@code capabilities}, {@code details} (family, parameter_size,
     * quantization_level), {@code model_info} ({@code <arch>.context_length}). {@code show} may be null (only the
     * tag's details are known then).
     */
    public static ModelInfo ollamaModel(JsonNode tag, JsonNode show) {
        JsonNode details = show != null && show.has("details") ? show.get("details") : tag.path("details");
        Integer context = null;
        if (show != null && show.path("model_info").isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = show.get("model_info").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().endsWith(CONTEXT_LENGTH) && e.getValue().canConvertToInt()) {
                    context = e.getValue().intValue();
                }
            }
        }
        List<String> capabilities = show == null ? List.of() : strings(show.get("capabilities"));
        List<String> input = new ArrayList<>();
        if (!capabilities.isEmpty()) {
            input.add("text");
            if (capabilities.contains(Capabilities.VISION)) {
                input.add("image");
            }
        }
        return new ModelInfo(ollamaName(tag), null, context, null, capabilities, input, blank(text(details, "family")),
                blank(text(details, "parameter_size")), blank(text(details, "quantization_level")), Map.of());
    }

    /**
     * OpenAI-compatible {@code GET /v1/models}: {@code {"object":"list","data":[{"id","object":"model",...}]}}. What a
     * provider adds is read where present: OpenRouter's {@code name}, {@code context_length},
     * {@code top_provider.max_completion_tokens}, {@code architecture.input_modalities}, {@code supported_parameters},
     * {@code pricing}; others' {@code context_length} / {@code context_window} / {@code max_model_len}.
     */
    public static List<ModelInfo> openAiModels(JsonNode answer) {
        return entries(answer, "data", ModelLists::hasId, ModelLists::openAiModel);
    }

    private static ModelInfo openAiModel(JsonNode m) {
        String id = text(m, "id");
        Integer context = firstInt(m, "context_length", "context_window", "max_model_len");
        if (context == null) {
            context = integer(m.path("top_provider").get("context_length"));
        }
        Integer output = integer(m.path("top_provider").get("max_completion_tokens"));
        if (output == null) {
            output = firstInt(m, "max_completion_tokens", "max_output_tokens");
        }
        List<String> input = strings(m.path("architecture").get("input_modalities"));
        Set<String> capabilities = new LinkedHashSet<>();
        List<String> parameters = strings(m.get("supported_parameters"));
        if (!parameters.isEmpty() || !input.isEmpty()) {
            capabilities.add(Capabilities.COMPLETION);
        }
        if (parameters.contains("tools")) {
            capabilities.add(Capabilities.TOOLS);
        }
        if (input.contains("image")) {
            capabilities.add(Capabilities.VISION);
        }
        if (parameters.contains("reasoning") || parameters.contains("include_reasoning")) {
            capabilities.add(Capabilities.THINKING);
        }
        Map<String, String> pricing = new LinkedHashMap<>();
        if (m.path("pricing").isObject()) {
            m.get("pricing").fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode()) {
                    pricing.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        return new ModelInfo(id, blank(text(m, "name")), context, output, List.copyOf(capabilities), input, null,
                null, null, pricing);
    }

    /**
     * Anthropic {@code GET /v1/models}: {@code {"data":[{"type":"model","id","display_name","created_at",
     * "max_input_tokens","max_tokens","capabilities":{...}}],"has_more","first_id","last_id"}}. Limits and
     * capabilities are read when the answer carries them.
     */
    public static List<ModelInfo> anthropicModels(JsonNode answer) {
        return entries(answer, "data", ModelLists::hasId, ModelLists::anthropicModel);
    }

    private static ModelInfo anthropicModel(JsonNode m) {
        String id = text(m, "id");
        JsonNode caps = m.path("capabilities");
        Set<String> capabilities = new LinkedHashSet<>();
        List<String> input = new ArrayList<>();
        if (caps.isObject()) {
            capabilities.add(Capabilities.COMPLETION);
            capabilities.add(Capabilities.TOOLS); // every model the Messages API lists takes tools
            input.add("text");
            if (supported(caps, "image_input")) {
                capabilities.add(Capabilities.VISION);
                input.add("image");
            }
            if (supported(caps, "pdf_input")) {
                input.add("pdf");
            }
            if (supported(caps, "thinking")) {
                capabilities.add(Capabilities.THINKING);
            }
        }
        return new ModelInfo(id, blank(text(m, "display_name")), integer(m.get("max_input_tokens")),
                integer(m.get("max_tokens")), List.copyOf(capabilities), input, null, null, null, Map.of());
    }

    /** Each entry of the answer's array {@code field} that {@code named} accepts, read by {@code read}, in order. */
    private static <T> List<T> entries(JsonNode answer, String field, Predicate<JsonNode> named,
            Function<JsonNode, T> read) {
        JsonNode array = answer == null ? null : answer.get(field);
        if (array == null || !array.isArray()) {
            throw new NotAList("no \"" + field + "\" array");
        }
        List<T> out = new ArrayList<>();
        for (JsonNode entry : array) {
            if (named.test(entry)) {
                out.add(read.apply(entry));
            }
        }
        return out;
    }

    private static boolean hasId(JsonNode entry) {
        return !text(entry, "id").isEmpty();
    }

    /** Anthropic's cursor for the next page, or null on the last. */
    public static String anthropicNextPage(JsonNode answer) {
        return answer.path("has_more").asBoolean(false) && !text(answer, "last_id").isEmpty()
                ? text(answer, "last_id") : null;
    }

    private static boolean supported(JsonNode caps, String name) {
        JsonNode c = caps.get(name);
        return c != null && (c.path("supported").asBoolean(false) || (c.isBoolean() && c.asBoolean()));
    }

    private static Integer firstInt(JsonNode m, String... fields) {
        for (String f : fields) {
            Integer v = integer(m.get(f));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static Integer integer(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber() && n.canConvertToInt() && n.intValue() > 0) {
            return n.intValue();
        }
        if (n.isTextual() && n.asText().strip().matches("\\d{1,9}")) {
            return Integer.parseInt(n.asText().strip());
        }
        return null;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(v -> {
                if (v.isTextual() && !v.asText().isBlank()) {
                    out.add(v.asText());
                }
            });
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : "";
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
