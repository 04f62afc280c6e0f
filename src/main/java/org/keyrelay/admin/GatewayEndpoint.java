package org.keyrelay.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.keyrelay.store.PrivateFile;

/**
 * Where a running gateway's admin API is: {@code <state-dir>/management.json} ({@code {"url": ..., "pid": ...}}),
 * written once the management port listens and removed at shutdown. The CLI reads it to find the gateway that
 * owns a state dir; a file left by a process that is gone is ignored. Holds no secret.
 */
public record GatewayEndpoint(String url, long pid) {

    public static final String FILE = "management.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public void write(Path stateDir) throws IOException {
        PrivateFile.write(stateDir.resolve(FILE), JSON.writeValueAsBytes(JSON.createObjectNode().put("url", url).put("pid", pid)));
    }

    /** The endpoint of a gateway that is still running, if there is one. */
    public static Optional<GatewayEndpoint> find(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            GatewayEndpoint e = new GatewayEndpoint(n.path("url").asText(), n.path("pid").asLong());
            boolean alive = ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive && !e.url().isEmpty() ? Optional.of(e) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Removes the file if it still names this endpoint. */
    public void remove(Path stateDir) {
        if (find(stateDir).filter(this::equals).isPresent()) {
            try {
                Files.deleteIfExists(stateDir.resolve(FILE));
            } catch (IOException ignored) {
                // the next start overwrites it; the CLI checks the pid anyway
            }
        }
    }
}
