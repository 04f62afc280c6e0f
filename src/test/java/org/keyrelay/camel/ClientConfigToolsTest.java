package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.cli.ModelsCli;
import org.keyrelay.support.FakeModelsProvider;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.NodeTool;
import org.keyrelay.support.StubUpstream.Answer;
import org.keyrelay.support.StubUpstream.Received;

/**
 * The configurations {@code keyrelay models PROVIDER --format opencode|pi} prints load in the real opencode and pi
 * (npm {@code opencode-ai}, {@code @mariozechner/pi-coding-agent}, installed by the build into src/test/node): each
 * lists the models with the catalog's limits, and answers a prompt through the gateway from a stub provider that
 * serves Ollama's model list and OpenAI-compatible chat completions. No tool reaches the internet: opencode's
 * models.dev list is replaced by an empty file, pi runs offline.
 */
class ClientConfigToolsTest {

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    @BeforeEach
    void start() throws Exception {
        fx.upstream().otherwise(ClientConfigToolsTest::provider);
        fx.start(3, "strategy: fill-first");
    }

    /** Ollama's model list, and a streamed chat completion that says "Hello there". */
    private static Answer provider(Received r) {
        if (!r.path().equals("/v1/chat/completions")) {
            return FakeModelsProvider.ollama().apply(r);
        }
        List<String> chunks = new ArrayList<>();
        for (String t : List.of("Hello", " there")) {
            chunks.add("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-oss:120b\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"" + t + "\"},"
                    + "\"finish_reason\":null}]}\n\n");
        }
        chunks.add("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-oss:120b\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":2,\"total_tokens\":14}}\n\n");
        chunks.add("data: [DONE]\n\n");
        return Answer.stream("text/event-stream", chunks, Duration.ofMillis(10));
    }

    private String models(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new ModelsCli(Map.of("KEYRELAY_STATE_DIR", fx.gw().stateDir().toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Clock.systemUTC()).run(args);
        assertEquals(0, code);
        return out.toString(StandardCharsets.UTF_8);
    }

    private String tool(Map<String, String> env, String... command) throws IOException, InterruptedException {
        NodeTool.Run run = NodeTool.run(fx.dir(), env, Duration.ofSeconds(180), command);
        assertTrue(run.finished(), String.join(" ", command) + " finished: " + run.output());
        assertEquals(0, run.exitCode(), String.join(" ", command) + ": " + run.output());
        return run.output();
    }

    private boolean chatReached(String model) {
        return fx.upstream().received().stream().anyMatch(r -> r.path().equals("/v1/chat/completions")
                && r.body().contains("\"" + model + "\""));
    }

    @Test
    void opencode_loads_the_generated_provider_with_its_limits_and_answers_through_the_gateway() throws Exception {
        Files.writeString(fx.dir().resolve("opencode.json"), models("p", "--format", "opencode"));
        Files.writeString(fx.dir().resolve("no-models-dev.json"), "{}");
        Map<String, String> env = Map.of("OPENCODE_CONFIG", fx.dir().resolve("opencode.json").toString(),
                "OPENCODE_MODELS_PATH", fx.dir().resolve("no-models-dev.json").toString(),
                "OPENCODE_DISABLE_MODELS_FETCH", "1", "OPENCODE_DISABLE_AUTOUPDATE", "1");

        String listed = tool(env, "opencode", "models", "p-keyrelay", "--verbose", "--pure");
        assertTrue(listed.contains("p-keyrelay/gpt-oss:120b") && listed.contains("p-keyrelay/qwen3-vl:235b"), listed);
        String gptOss = listed.substring(listed.indexOf("p-keyrelay/gpt-oss:120b"));
        assertTrue(gptOss.replaceAll("\\s", "").contains("\"limit\":{\"context\":131072,\"output\":131072}"), gptOss);
        assertTrue(gptOss.replaceAll("\\s", "").contains("\"reasoning\":true"), gptOss);
        assertTrue(gptOss.replaceAll("\\s", "").contains("\"toolcall\":true"), gptOss);

        String answer = tool(env, "opencode", "run", "--pure", "-m", "p-keyrelay/gpt-oss:120b", "Say hello");
        assertTrue(answer.contains("Hello there"), answer);
        assertTrue(chatReached("gpt-oss:120b"), "the prompt went through the gateway");
    }

    @Test
    void pi_loads_the_generated_provider_with_its_limits_and_answers_through_the_gateway() throws Exception {
        Path agentDir = Files.createDirectories(fx.dir().resolve("pi-agent"));
        Files.writeString(agentDir.resolve("models.json"), models("p", "--format", "pi"));
        Map<String, String> env = Map.of("PI_CODING_AGENT_DIR", agentDir.toString(), "PI_OFFLINE", "1");

        String listed = tool(env, "pi", "--list-models", "p-keyrelay");
        assertTrue(listed.contains("gpt-oss:120b") && listed.contains("qwen3-vl:235b"), listed);
        assertTrue(listed.matches("(?s).*gpt-oss:120b\\s+131(\\.1)?K.*"), listed);

        String answer = tool(env, "pi", "-p", "--no-session", "--no-tools", "--provider", "p-keyrelay", "--model",
                "gpt-oss:120b", "Say hello");
        assertTrue(answer.contains("Hello there"), answer);
        assertTrue(chatReached("gpt-oss:120b"), "the prompt went through the gateway");
    }
}
