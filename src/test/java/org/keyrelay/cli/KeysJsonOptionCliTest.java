package org.keyrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code keys} command that takes {@code --json} prints the admin API's JSON with it and readable lines without
 * it, and its PROVIDER reaches the command (the options come from shared picocli mixins).
 */
class KeysJsonOptionCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEYRING = "providers:\n  - id: kimi\n    upstream: http://127.0.0.1:9\n"
            + "    keys:\n      - {id: main, secret: sk-kimi-0123456789DigS}\n"
            + "  - id: other\n    upstream: http://127.0.0.1:9\n    keys:\n      - {id: o, secret: sk-other-0123456789}\n";

    @TempDir
    Path dir;

    private static JsonNode json(CliRun run) throws Exception {
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    @Test
    void should_print_json_with_the_option_and_lines_without_it_on_every_command_that_takes_it() throws Exception {
        Map<String, String> env = CliRun.offlineEnv(dir, KEYRING);
        assertEquals("extra", json(CliRun.keys(env, "add", "kimi", "sk-extra-0123456789", "--id", "extra", "--json"))
                .get("id").asText());
        assertTrue(CliRun.keys(env, "add", "other", "sk-more-0123456789").out().startsWith("added other/key-2: "));

        assertEquals("disabled", json(CliRun.keys(env, "disable", "kimi", "extra", "--json")).get("state").asText());
        assertTrue(CliRun.keys(env, "enable", "kimi", "extra").out().startsWith("enabled kimi/extra: "));

        assertEquals("round-robin", json(CliRun.keys(env, "strategy", "kimi", "round-robin", "--json"))
                .at("/provider/strategy").asText());
        assertEquals("other now uses sticky\n", CliRun.keys(env, "strategy", "other", "sticky").out());

        JsonNode list = json(CliRun.keys(env, "list", "--json"));
        assertEquals("kimi", list.at("/providers/0/provider/id").asText());
        assertEquals("key-2", list.at("/providers/1/keys/1/id").asText());
        assertEquals("other", json(CliRun.keys(env, "list", "other", "--json")).at("/provider/id").asText());
        assertEquals(2, json(CliRun.keys(env, "stats", "--json")).path("providers").size());
        assertEquals("other", json(CliRun.keys(env, "stats", "other", "--json")).at("/providers/0/id").asText());

        Path file = dir.resolve("keys.export");
        assertEquals(0, CliRun.keys(env, "export", file.toString()).exitCode());
        assertEquals(0, CliRun.keys(env, "remove", "kimi", "extra").exitCode());
        JsonNode imported = json(CliRun.keys(env, "import", file.toString(), "--json"));
        assertEquals("kimi/extra", imported.at("/added/0").asText(), imported.toString());
    }
}
