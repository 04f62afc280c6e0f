package org.keyrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.FakeModelsProvider;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;

/** {@code keyrelay models}: the table, --json, --format, with a running gateway and without one. */
class ModelsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CliRun models(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ModelsCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC()).run(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_print_the_table_json_and_client_configs_from_the_running_gateway() throws Exception {
        try (StubUpstream upstream = new StubUpstream().otherwise(FakeModelsProvider.ollama());
             RunningGateway gw = RunningGateway.start(dir, Keyrings.provider(upstream.baseUrl(), 3, "strategy: fill-first"),
                     MutableClock.tickingFromNow())) {
            Map<String, String> env = Map.of("KEYRELAY_STATE_DIR", gw.stateDir().toString());

            CliRun table = models(env, "p");
            assertEquals(0, table.exitCode(), table.err());
            assertTrue(table.out().matches("(?s)p  3 models \\(ollama list of .*\\)\n.*"), table.out());
            assertTrue(table.out().contains("MODEL"), table.out());
            assertTrue(table.out().matches("(?s).*gpt-oss:120b +131072 +- +completion,tools,thinking +a,b \\(not c\\)\n.*"),
                    table.out());

            JsonNode all = JSON.readTree(models(env, "--json").out());
            assertEquals("p", all.at("/providers/0/provider").asText());
            assertEquals(262144, all.at("/providers/0/models/1/context").asInt());

            JsonNode opencode = JSON.readTree(models(env, "p", "--format", "opencode").out());
            JsonNode provider = opencode.at("/provider/p-keyrelay");
            assertEquals("@ai-sdk/openai-compatible", provider.get("npm").asText());
            assertEquals(gw.url("/p/v1"), provider.at("/options/baseURL").asText());
            assertEquals(131072, provider.at("/models/gpt-oss:120b/limit/context").asInt());
            assertTrue(provider.at("/models/gpt-oss:120b/tool_call").asBoolean());
            assertTrue(provider.at("/models/gpt-oss:120b/reasoning").asBoolean());
            assertEquals("[\"text\",\"image\"]", provider.at("/models/qwen3-vl:235b/modalities/input").toString());
            assertTrue(provider.at("/models/embeddinggemma:300m").isMissingNode(), "an embedding model is no chat model");

            JsonNode pi = JSON.readTree(models(env, "p", "--format", "pi").out());
            JsonNode piProvider = pi.at("/providers/p-keyrelay");
            assertEquals(gw.url("/p/v1"), piProvider.get("baseUrl").asText());
            assertEquals("openai-completions", piProvider.get("api").asText());
            assertEquals("gpt-oss:120b", piProvider.at("/models/0/id").asText());
            assertEquals(131072, piProvider.at("/models/0/contextWindow").asInt());
            assertTrue(piProvider.at("/models/0/reasoning").asBoolean());
            assertEquals("[\"text\",\"image\"]", piProvider.at("/models/1/input").toString());
        }
    }

    @Test
    void should_read_with_the_keyrings_keys_when_no_gateway_runs() throws Exception {
        try (StubUpstream upstream = new StubUpstream().otherwise(FakeModelsProvider.anthropic())) {
            Path keyring = dir.resolve("keyring.yaml");
            Files.writeString(keyring, Keyrings.provider(upstream.baseUrl(), 1, "auth: x-api-key"));
            Map<String, String> env = Map.of("KEYRELAY_STATE_DIR", dir.resolve("state").toString(),
                    "KEYRELAY_KEYRING", keyring.toString(), "KEYRELAY_PORT", "9099");

            CliRun pi = models(env, "p", "--format", "pi");

            assertEquals(0, pi.exitCode(), pi.err());
            JsonNode provider = JSON.readTree(pi.out()).at("/providers/p-keyrelay");
            assertEquals("http://127.0.0.1:9099/p", provider.get("baseUrl").asText(), "pi appends /v1/messages itself");
            assertEquals("anthropic-messages", provider.get("api").asText());
            assertEquals(200000, provider.at("/models/0/contextWindow").asInt());
            assertEquals(64000, provider.at("/models/0/maxTokens").asInt());
            assertEquals("[\"text\",\"image\"]", provider.at("/models/0/input").toString());
            assertTrue(Files.isRegularFile(dir.resolve("state/models.json")), "kept like the gateway keeps it");
        }
    }

    @Test
    void should_list_every_provider_and_say_why_one_cannot_be_read() throws Exception {
        try (StubUpstream good = new StubUpstream().otherwise(FakeModelsProvider.openAi());
             StubUpstream failing = new StubUpstream().otherwise(r -> StubUpstream.Answer.json(500, "{\"error\":\"boom\"}"))) {
            Path keyring = dir.resolve("keyring.yaml");
            Files.writeString(keyring, "providers:\n"
                    + "  - id: good\n    upstream: " + good.baseUrl() + "\n    keys: [{id: a, secret: key-a}]\n"
                    + "  - id: down\n    upstream: " + failing.baseUrl() + "\n    keys: [{id: a, secret: key-a}]\n");
            Map<String, String> env = Map.of("KEYRELAY_STATE_DIR", dir.resolve("state").toString(),
                    "KEYRELAY_KEYRING", keyring.toString());

            CliRun all = models(env);

            assertEquals(0, all.exitCode(), all.err());
            assertTrue(all.out().contains("gpt-4.1-mini"), all.out());
            assertTrue(all.out().contains("down\n  provider 'down' did not answer GET /api/tags"), all.out());
        }
    }

    @Test
    void should_refuse_wrong_arguments_with_the_usage() {
        CliRun noProvider = models(Map.of(), "--format", "opencode");
        assertEquals(2, noProvider.exitCode());
        assertTrue(noProvider.err().contains("--format opencode needs a PROVIDER"), noProvider.err());
        assertTrue(noProvider.err().contains("usage: keyrelay models"), noProvider.err());
        CliRun badFormat = models(Map.of(), "p", "--format", "aider");
        assertEquals(2, badFormat.exitCode());
        assertTrue(badFormat.err().contains("--format: 'aider' is not one of opencode, pi"), badFormat.err());
        assertEquals(2, models(Map.of(), "--wat").exitCode());
    }
}
