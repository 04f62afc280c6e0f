package org.keyrelay.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyrelay.store.KeyMemoryJson;
import org.keyrelay.Gateway;
import org.keyrelay.Provider;
import org.keyrelay.http.ProblemException;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.Secret;
import org.keyrelay.selection.Strategy;

/**
 * Export and import: every provider's keys (secrets included), its strategy and each key's state and counters,
 * in one file encrypted by {@link ExportCipher}. Import adds the keys this gateway does not have yet (same provider
 * and same secret, or same id, counts as present) as operator keys (keys.json), with their state, and takes the
 * file's strategies. A wrong password or a damaged file imports nothing.
 */
public final class KeyTransfer {

    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build());

    private final Gateway gateway;

    public KeyTransfer(Gateway gateway) {
        this.gateway = gateway;
    }

    public byte[] export(char[] password) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("exportedAt", gateway.clock().instant().toString());
        ObjectNode providers = root.putObject("providers");
        for (Provider p : gateway.providers().values()) {
            ObjectNode node = providers.putObject(p.id());
            node.put("strategy", p.pool().strategy().configName());
            Map<String, KeyMemory> memories = new LinkedHashMap<>();
            p.pool().memories().forEach(m -> memories.put(m.id(), m));
            ArrayNode keys = node.putArray("keys");
            for (ApiKey k : p.pool().keys()) {
                ObjectNode key = keys.addObject();
                key.put("id", k.id());
                key.put("secret", k.secret().reveal());
                key.put("weight", k.weight());
                if (k.label() != null) {
                    key.put("label", k.label());
                }
                KeyMemory m = memories.get(k.id());
                if (m != null) {
                    key.set("state", KeyMemoryJson.write(m, JSON.createObjectNode()));
                }
            }
        }
        try {
            return ExportCipher.seal(JSON.writeValueAsBytes(root), password);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public ImportReport importFile(byte[] file, char[] password) {
        JsonNode root;
        try {
            root = JSON.readTree(ExportCipher.open(file, password));
        } catch (ExportCipher.CannotOpen e) {
            throw AdminProblem.cannotImport(e.getMessage());
        } catch (IOException e) {
            throw AdminProblem.cannotImport("the file decrypts but its content is not readable");
        }
        if (root.path("format").asInt() != FORMAT || !root.path("providers").isObject()) {
            throw AdminProblem.cannotImport("content format " + root.path("format").asText()
                    + " is not one this Keyrelay reads");
        }
        List<Incoming> incoming = parse(root.get("providers"));
        List<String> added = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> strategies = new ArrayList<>();
        for (Incoming in : incoming) {
            Provider p = gateway.providers().get(in.provider());
            if (p == null) {
                in.keys().forEach(k -> skipped.add(in.provider() + "/" + k.key().id() + ": no provider '" + in.provider()
                        + "' in this keyring"));
                continue;
            }
            for (IncomingKey k : in.keys()) {
                String name = p.id() + "/" + k.key().id();
                ApiKey present = p.pool().keys().stream()
                        .filter(have -> have.secret().equals(k.key().secret()) || have.id().equals(k.key().id()))
                        .findFirst().orElse(null);
                if (present != null) {
                    skipped.add(name + ": already present" + (present.id().equals(k.key().id()) ? "" : " as " + present.id()));
                } else if (gateway.addKey(p.id(), k.key())) {
                    if (k.memory() != null) {
                        p.pool().restore(Map.of(k.key().id(), k.memory()));
                    }
                    added.add(name);
                } else {
                    skipped.add(name + ": already present");
                }
            }
            if (in.strategy() != null && in.strategy() != p.pool().strategy()) {
                gateway.chooseStrategy(p.id(), in.strategy());
                strategies.add(p.id() + ": " + in.strategy().configName());
            }
        }
        gateway.stateWriter().markDirty();
        return new ImportReport(added, skipped, strategies);
    }

    private record Incoming(String provider, Strategy strategy, List<IncomingKey> keys) {}

    private record IncomingKey(ApiKey key, KeyMemory memory) {}

    /** Everything is read before anything is imported: a bad entry fails the whole file. */
    private static List<Incoming> parse(JsonNode providers) {
        List<Incoming> out = new ArrayList<>();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = providers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                JsonNode node = p.getValue();
                Strategy strategy = node.hasNonNull("strategy") ? Strategy.parse(node.get("strategy").asText()) : null;
                List<IncomingKey> keys = new ArrayList<>();
                for (JsonNode k : node.path("keys")) {
                    String id = k.path("id").asText();
                    String label = k.path("label").textValue(); // a file exported before labels has none: null
                    String labelProblem = ApiKey.labelProblem(label);
                    if (labelProblem != null) {
                        throw AdminProblem.cannotImport("key " + p.getKey() + "/" + id + ": label '" + label + "' "
                                + labelProblem);
                    }
                    ApiKey key = new ApiKey(id, new Secret(k.path("secret").asText()), k.path("weight").asInt(1), label);
                    keys.add(new IncomingKey(key, k.has("state") ? KeyMemoryJson.read(id, k.get("state")) : null));
                }
                out.add(new Incoming(p.getKey(), strategy, keys));
            }
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AdminProblem.cannotImport("an entry of the file is not valid (" + e.getClass().getSimpleName() + ")");
        }
        return out;
    }
}
