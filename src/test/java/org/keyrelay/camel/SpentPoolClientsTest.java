package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.NodeTool;
import org.keyrelay.support.StubUpstream.Answer;

/**
 * Claude Code and opencode (npm {@code @anthropic-ai/claude-code}, {@code opencode-ai}, installed by the build into
 * src/test/node) pointed at a provider whose two keys are spent for a day: the provider answers every key with a 403
 * "usage limit for this billing cycle". Each client prints a clear error naming the limit within
 * {@link #CLEAR_WITHIN} of its first request, and none reports an authentication failure: Claude Code on the
 * request that spends the pool (its last
 * upstream answer a 403), opencode on the pool already spent. Time is counted from the client's first request to
 * the gateway, since the clients' own start-up is not the gateway's.
 */
class SpentPoolClientsTest {

    private static final String BILLING = "{\"error\":{\"message\":\"You've reached your usage limit for this billing cycle.\","
            + "\"type\":\"access_terminated_error\"}}";
    private static final Pattern AUTH_FAILURE = Pattern.compile(
            "(?i)authenticat|unauthori[sz]ed|forbidden|permission|invalid (api )?key|api key|log ?in");
    /**
     * The bound, for each client. Counted from the client's first request: opencode's own start-up before it
     * (10-15 s on this 2-core machine at a load of 8-11, measured against a trivial successful answer) is not the
     * gateway's. After it, opencode asks three times for a title (the AI SDK's retries) and six times for the
     * prompt (its own loop retries any 429 five times, whatever it is told; the gateway's {@code retry-after-ms}
     * makes each retry immediate): 2.5-3.4 s to the printed error at a load of 11, against 1.0 s for a success.
     * (It took 13-22 s while opencode took the build's working directory, this git repository, for its project and
     * snapshotted it between the title and the prompt; {@link NodeTool} now runs it in the test's own directory.)
     */
    private static final Duration CLEAR_WITHIN = Duration.ofSeconds(10);

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    private final AtomicLong firstCall = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        fx.upstream().otherwise(r -> Answer.json(403, BILLING));
        fx.start(2);
        EventNotifierSupport arrivals = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                firstCall.compareAndSet(0, System.nanoTime());
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCreatedEvent created
                        && "ingress".equals(created.getExchange().getFromRouteId());
            }
        };
        fx.gw().main().getCamelContext().getManagementStrategy().addEventNotifier(arrivals);
        ServiceHelper.startService(arrivals);
    }

    /** The pool spent for a day before the client starts (this also warms the gateway up, as one in use is). */
    private void spendThePool() throws Exception {
        fx.gw().post("/p/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}");
        firstCall.set(0);
    }

    private void assertClearLimit(NodeTool.Run run, Duration within) {
        String out = run.output();
        assertTrue(run.finished(), "the client ended by itself: " + out);
        assertTrue(firstCall.get() != 0, "the client reached the gateway: " + out);
        assertTrue(fx.upstream().received().size() == 2, "each key asked once, on the request that spent the pool");
        Duration took = Duration.ofNanos(run.endedAt() - firstCall.get());
        assertTrue(took.compareTo(within) <= 0, "ended " + took.toMillis() + " ms after its first request: " + out);
        assertTrue(out.contains("All 2 keys of 'p' are out of quota") && out.contains("billing cycle"),
                "names the limit: " + out);
        assertFalse(AUTH_FAILURE.matcher(out).find(), "no authentication failure: " + out);
    }

    @Test
    void claude_code_prints_the_limit() throws Exception {
        NodeTool.Run run = NodeTool.run(fx.dir(), Map.of("ANTHROPIC_BASE_URL", fx.gw().url("/p"),
                "ANTHROPIC_API_KEY", "sk-ant-client-placeholder", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1",
                "DISABLE_AUTOUPDATER", "1"), Duration.ofSeconds(120), "claude", "-p", "Say hello");

        assertClearLimit(run, CLEAR_WITHIN);
    }

    private NodeTool.Run opencode(String model) throws Exception {
        spendThePool();
        Files.writeString(fx.dir().resolve("opencode.json"), """
                {
                  "$schema": "https://opencode.ai/config.json",
                  "provider": {
                    "p-openai": {"npm": "@ai-sdk/openai-compatible", "name": "p (OpenAI API)",
                                 "options": {"baseURL": "%1$s/v1", "apiKey": "client-placeholder"},
                                 "models": {"m": {"limit": {"context": 8192, "output": 1024}}}},
                    "p-anthropic": {"npm": "@ai-sdk/anthropic", "name": "p (Anthropic API)",
                                    "options": {"baseURL": "%1$s/v1", "apiKey": "client-placeholder"},
                                    "models": {"m": {"limit": {"context": 8192, "output": 1024}}}}
                  }
                }
                """.formatted(fx.gw().url("/p")));
        Files.writeString(fx.dir().resolve("no-models-dev.json"), "{}");
        return NodeTool.run(fx.dir(), Map.of("OPENCODE_CONFIG", fx.dir().resolve("opencode.json").toString(),
                "OPENCODE_MODELS_PATH", fx.dir().resolve("no-models-dev.json").toString(),
                "OPENCODE_DISABLE_MODELS_FETCH", "1", "OPENCODE_DISABLE_AUTOUPDATE", "1"), Duration.ofSeconds(180),
                "opencode", "run", "--pure", "-m", model, "Say hello");
    }

    @Test
    void opencode_on_the_openai_api_prints_the_limit() throws Exception {
        assertClearLimit(opencode("p-openai/m"), CLEAR_WITHIN);
    }

    @Test
    void opencode_on_the_anthropic_api_prints_the_limit() throws Exception {
        assertClearLimit(opencode("p-anthropic/m"), CLEAR_WITHIN);
    }
}
