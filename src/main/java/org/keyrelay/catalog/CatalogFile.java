package org.keyrelay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyrelay.store.PrivateFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <state-dir>/models.json}: the catalogs last read, by provider, so a restart does not ask the providers
 * again before the refresh period is over. Written whole and atomically; it holds no secret (key ids only). A file
 * that cannot be read is logged and ignored: the catalogs are read again.
 */
public final class CatalogFile {

    public static final String NAME = "models.json";
    private static final Logger LOG = LoggerFactory.getLogger(CatalogFile.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public CatalogFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    public Map<String, ProviderCatalog> load() {
        Map<String, ProviderCatalog> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            root.path("providers").fields().forEachRemaining(e -> out.put(e.getKey(), read(e.getKey(), e.getValue())));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Model catalogs in {} cannot be read ({}); they will be read from the providers again", file,
                    e.getClass().getSimpleName());
            out.clear();
        }
        return out;
    }

    public void save(Map<String, ProviderCatalog> catalogs) {
        ObjectNode providers = JSON.createObjectNode();
        catalogs.forEach((id, c) -> providers.set(id, write(c)));
        try {
            PrivateFile.write(file, JSON.writeValueAsBytes(JSON.createObjectNode().put("version", 1).set("providers", providers)));
        } catch (IOException e) {
            LOG.warn("Cannot write the model catalogs to {}: {}", file, e.getMessage());
        }
    }

    private static ObjectNode write(ProviderCatalog c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("api", c.api() == null ? null : c.api().configName());
        n.put("fetchedAt", c.fetchedAt().toString());
        n.put("noEndpoint", c.noEndpoint());
        n.set("models", JSON.valueToTree(c.models()));
        n.set("keyLists", JSON.valueToTree(c.keyLists()));
        n.set("refused", JSON.valueToTree(c.refused()));
        return n;
    }

    private static ProviderCatalog read(String id, JsonNode n) {
        List<ModelInfo> models = new ArrayList<>();
        for (JsonNode m : n.path("models")) {
            models.add(JSON.convertValue(m, ModelInfo.class));
        }
        return new ProviderCatalog(id, ModelsApi.ofConfigName(n.path("api").asText(null)),
                Instant.parse(n.path("fetchedAt").asText()), models, lists(n.path("keyLists")), lists(n.path("refused")),
                n.path("noEndpoint").isTextual() ? n.get("noEndpoint").asText() : null);
    }

    private static Map<String, List<String>> lists(JsonNode n) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            out.put(e.getKey(), values);
        });
        return out;
    }
}
