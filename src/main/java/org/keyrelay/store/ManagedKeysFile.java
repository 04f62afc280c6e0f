package org.keyrelay.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.Secret;
import org.keyrelay.selection.Strategy;

/**
 * The keys operators added and the strategies they chose, in {@code <state-dir>/keys.json}. This file holds
 * secrets, which is its purpose: mode 0600, written atomically, never logged, and nothing here prints its content.
 * A file that cannot be read stops the gateway instead of being set aside: it may be the only copy of a key.
 */
public final class ManagedKeysFile {

    public static final String NAME = "keys.json";
    private static final int FORMAT = 1;

    private final Path file;
    private final Path lock;
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build())
            .enable(SerializationFeature.INDENT_OUTPUT);

    public ManagedKeysFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
        this.lock = stateDir.resolve(NAME + ".lock");
    }

    public Path file() {
        return file;
    }

    /** The lock other processes (the CLI) hold while they change this file. */
    public Path lockFile() {
        return lock;
    }

    /** @throws IllegalStateException naming the file when it exists but cannot be read */
    public ManagedKeys load() {
        if (!Files.exists(file)) {
            return ManagedKeys.EMPTY;
        }
        try {
            return decode(json.readTree(file.toFile()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + " cannot be read (" + e.getClass().getSimpleName()
                    + "): it holds the keys added with the CLI or the admin API; repair it or move it away, then start again");
        }
    }

    public void save(ManagedKeys keys) {
        try {
            PrivateFile.locked(lock, () -> {
                PrivateFile.write(file, json.writeValueAsBytes(encode(keys)));
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private JsonNode encode(ManagedKeys keys) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("note", "Keys added with `keyrelay keys add`, the admin API or an import, and chosen strategies."
                + " Holds secrets: keep it private.");
        ObjectNode providers = root.putObject("providers");
        keys.providers().forEach((id, changes) -> {
            ObjectNode p = providers.putObject(id);
            ArrayNode added = p.putArray("keys");
            for (ApiKey k : changes.added()) {
                ObjectNode n = added.addObject();
                n.put("id", k.id());
                n.put("secret", k.secret().reveal());
                n.put("weight", k.weight());
                if (k.label() != null) {
                    n.put("label", k.label());
                }
            }
            if (changes.strategy() != null) {
                ObjectNode s = p.putObject("strategy");
                s.put("chosen", changes.strategy().chosen().configName());
                s.put("keyringHad", changes.strategy().keyringHad().configName());
            }
        });
        return root;
    }

    private static ManagedKeys decode(JsonNode root) {
        if (root == null || root.path("format").asInt() != FORMAT || !root.path("providers").isObject()) {
            throw new IllegalStateException("not a keys file of format " + FORMAT);
        }
        Map<String, ManagedKeys.Changes> providers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("providers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            List<ApiKey> added = new ArrayList<>();
            for (JsonNode k : p.getValue().path("keys")) {
                added.add(new ApiKey(k.path("id").asText(), new Secret(k.path("secret").asText()), k.path("weight").asInt(1),
                        k.path("label").textValue())); // a file written before labels has none: null
            }
            JsonNode s = p.getValue().path("strategy");
            ManagedKeys.StrategyChoice choice = s.isObject()
                    ? new ManagedKeys.StrategyChoice(Strategy.parse(s.path("chosen").asText()),
                            Strategy.parse(s.path("keyringHad").asText()))
                    : null;
            providers.put(p.getKey(), new ManagedKeys.Changes(added, choice));
        }
        return new ManagedKeys(providers);
    }
}
