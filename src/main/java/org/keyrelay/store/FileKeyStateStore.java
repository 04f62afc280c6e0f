package org.keyrelay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key state in {@code <state-dir>/state.json}: readable JSON, mode 0600, no secrets. A write goes to a temp file,
 * is forced to disk, then renamed over the old file, under a lock on {@code state.lock} so two processes never
 * interleave. A file that does not parse is moved aside with a warning and the gateway starts fresh.
 */
public final class FileKeyStateStore implements KeyStateStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileKeyStateStore.class);
    private static final int FORMAT = 1;

    private final Path dir;
    private final Path file;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public FileKeyStateStore(Path dir, Clock clock) {
        this.dir = dir;
        this.file = dir.resolve("state.json");
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    @Override
    public Map<String, List<KeyMemory>> load() {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            return decode(json.readTree(file.toFile()));
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling("state.json.corrupt-" + clock.millis());
            LOG.warn("Key state file {} cannot be read ({}); moved aside to {} and starting with fresh key state",
                    file, e.getClass().getSimpleName(), aside.getFileName());
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.warn("Could not move {} aside: {}", file, moveFailed.getMessage());
            }
            return Map.of();
        }
    }

    @Override
    public void save(Map<String, List<KeyMemory>> state) {
        try {
            createPrivateDir();
            byte[] bytes = json.writeValueAsBytes(encode(state));
            Path tmp = dir.resolve("state.json.tmp");
            try (FileChannel lockChannel = FileChannel.open(dir.resolve("state.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lockChannel.lock()) {
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    restrict(tmp);
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    out.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key state to " + file, e);
        }
    }

    private void createPrivateDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (isPosix()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    private static void restrict(Path path) throws IOException {
        if (isPosix()) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private JsonNode encode(Map<String, List<KeyMemory>> state) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("savedAt", clock.instant().toString());
        ObjectNode providers = root.putObject("providers");
        state.forEach((provider, keys) -> {
            ObjectNode keyNodes = providers.putObject(provider).putObject("keys");
            for (KeyMemory k : keys) {
                ObjectNode n = keyNodes.putObject(k.id());
                n.put("state", k.state().label());
                n.put("until", k.until() == null ? null : k.until().toString());
                n.put("cause", k.cause() == null ? null : k.cause().name());
                n.put("reason", k.reason());
                n.put("health", k.health());
                n.put("consecutiveRateLimits", k.consecutiveRateLimits());
                ObjectNode models = n.putObject("modelCooldowns");
                k.modelCooldowns().forEach((model, until) -> models.put(model, until.toString()));
                n.put("requests", k.requests());
                n.put("successes", k.successes());
                ObjectNode failures = n.putObject("failures");
                k.failures().forEach((cls, count) -> failures.put(cls.name(), count));
            }
        });
        return root;
    }

    private static Map<String, List<KeyMemory>> decode(JsonNode root) {
        if (root == null || root.path("format").asInt() != FORMAT || !root.path("providers").isObject()) {
            throw new IllegalStateException("not a key state file of format " + FORMAT);
        }
        Map<String, List<KeyMemory>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("providers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            List<KeyMemory> keys = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> kit = p.getValue().path("keys").fields(); kit.hasNext(); ) {
                Map.Entry<String, JsonNode> k = kit.next();
                keys.add(key(k.getKey(), k.getValue()));
            }
            out.put(p.getKey(), keys);
        }
        return out;
    }

    private static KeyMemory key(String id, JsonNode n) {
        Map<String, Instant> models = new LinkedHashMap<>();
        n.path("modelCooldowns").fields().forEachRemaining(e -> models.put(e.getKey(), Instant.parse(e.getValue().asText())));
        Map<FailureClass, Long> failures = new EnumMap<>(FailureClass.class);
        n.path("failures").fields().forEachRemaining(e -> failures.put(FailureClass.valueOf(e.getKey()), e.getValue().asLong()));
        return new KeyMemory(id,
                KeyState.valueOf(n.path("state").asText("active").toUpperCase(java.util.Locale.ROOT)),
                n.hasNonNull("until") ? Instant.parse(n.get("until").asText()) : null,
                n.hasNonNull("cause") ? FailureClass.valueOf(n.get("cause").asText()) : null,
                n.hasNonNull("reason") ? n.get("reason").asText() : null,
                n.path("health").asInt(100),
                n.path("consecutiveRateLimits").asInt(0),
                models,
                n.path("requests").asLong(),
                n.path("successes").asLong(),
                failures);
    }
}
