package org.keyrelay.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the classifier reads from an error body: the provider's error codes / types and the text to
 * search for phrases. Parsing is lenient and never throws: a body that is not JSON (HTML from a
 * proxy, plain text, a truncated object) is searched as it is.
 *
 * <p>Shapes understood: Ollama {@code {"error":"..."}}, OpenAI / Kimi / Moonshot / OpenRouter
 * {@code {"error":{"message","type","code"}}}, Anthropic {@code {"type":"error","error":{"type","message"}}},
 * a top-level {@code message} / {@code detail}, and any of these as the first element of an array.
 *
 * @param codes lower-case values of {@code error.code}, {@code error.type}, {@code code}, {@code type}
 * @param text lower-case text to search: the strings of the {@code error} member, top-level
 *     messages and the codes; the whole (capped) body when the JSON holds none of those
 */
record ErrorBody(List<String> codes, String text) {

    /** Bodies are searched up to this many characters: enough for any error, bounded for a huge one. */
    static final int MAX_SCAN_CHARS = 64 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final List<String> TOP_LEVEL_MESSAGES = List.of("message", "detail", "msg");
    private static final int MAX_CODE_CHARS = 64;
    private static final int MAX_DEPTH = 4;
    private static final int MAX_STRINGS = 32;

    static ErrorBody parse(String body) {
        String capped = cap(body);
        JsonNode root = readJson(capped);
        if (root != null && root.isArray() && !root.isEmpty()) {
            root = root.get(0);
        }
        if (root != null && root.isTextual()) {
            return new ErrorBody(List.of(), lower(root.asText()));
        }
        if (root == null || !root.isObject()) {
            return new ErrorBody(List.of(), lower(capped));
        }
        JsonNode error = root.path("error");
        List<String> codes = new ArrayList<>();
        addCode(codes, error.path("code"));
        addCode(codes, error.path("type"));
        addCode(codes, root.path("code"));
        addCode(codes, root.path("type"));
        List<String> texts = new ArrayList<>();
        collectStrings(error, texts, 0);
        for (String field : TOP_LEVEL_MESSAGES) {
            collectStrings(root.path(field), texts, MAX_DEPTH);
        }
        if (texts.isEmpty()) {
            texts.add(capped);
        }
        texts.addAll(codes);
        return new ErrorBody(List.copyOf(codes), lower(String.join("\n", texts)));
    }

    static String cap(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > MAX_SCAN_CHARS ? text.substring(0, MAX_SCAN_CHARS) : text;
    }

    private static JsonNode readJson(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || "{[\"".indexOf(trimmed.charAt(0)) < 0) {
            return null;
        }
        try {
            return JSON.readTree(trimmed);
        } catch (Exception notJson) { // JsonProcessingException, or a StreamConstraintsException on a deep body
            return null;
        }
    }

    private static void addCode(List<String> codes, JsonNode node) {
        if (node.isTextual() || node.isNumber()) {
            String code = lower(node.asText().strip());
            if (!code.isEmpty() && code.length() <= MAX_CODE_CHARS && !codes.contains(code)) {
                codes.add(code);
            }
        }
    }

    private static void collectStrings(JsonNode node, List<String> texts, int depth) {
        if (texts.size() >= MAX_STRINGS) {
            return;
        }
        if (node.isTextual()) {
            texts.add(node.asText());
        } else if (node.isContainerNode() && depth < MAX_DEPTH) {
            node.elements().forEachRemaining(child -> collectStrings(child, texts, depth + 1));
        }
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
