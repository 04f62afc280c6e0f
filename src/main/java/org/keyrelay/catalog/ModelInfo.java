package org.keyrelay.catalog;

import java.util.List;
import java.util.Map;

/**
 * One model as its provider describes it. Every field but {@code id} may be unknown (null, or empty): providers
 * differ in what their lists carry.
 *
 * @param id            what a request names in {@code model}
 * @param name          a display name, when the provider gives one
 * @param context       the context window in tokens
 * @param output        the most tokens one answer may have
 * @param capabilities  what the model can do, in Ollama's words: {@code completion}, {@code tools}, {@code vision},
 *                      {@code thinking}, {@code embedding}... (other providers' flags are mapped to these)
 * @param input         input modalities ({@code text}, {@code image}, {@code file}...)
 * @param family        the model family (Ollama)
 * @param parameterSize "120B" (Ollama)
 * @param quantization  "MXFP4", "Q4_K_M" (Ollama)
 * @param pricing       price per token by kind, as the provider writes it (OpenRouter: prompt, completion...)
 */
public record ModelInfo(String id, String name, Integer context, Integer output, List<String> capabilities,
                        List<String> input, String family, String parameterSize, String quantization,
                        Map<String, String> pricing) {

    public ModelInfo {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        input = input == null ? List.of() : List.copyOf(input);
        pricing = pricing == null ? Map.of() : Map.copyOf(pricing);
    }

    public static ModelInfo idOnly(String id) {
        return new ModelInfo(id, null, null, null, List.of(), List.of(), null, null, null, Map.of());
    }

    public boolean can(String capability) {
        return capabilities.contains(capability);
    }

    /** Whether images go in: a {@code vision} capability or an {@code image} input. */
    public boolean seesImages() {
        return can(Capabilities.VISION) || input.contains("image");
    }
}
