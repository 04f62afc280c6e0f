package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.CapturedLog;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream.Answer;

/** What the gateway's log says when a request puts a key or a model on a key out: why, and when it is back. */
class KeyLogLinesRouteTest {

    private static final String SECRET_A = "fake-log-first-0123456789abcd";
    private static final String SECRET_B = "fake-log-second-0123456789efgh";

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    @Test
    void should_log_the_back_at_time_of_a_cooled_key_and_of_a_cooled_model() throws Exception {
        fx.upstream().script(SECRET_A, Answer.json(429, "{\"error\":\"too many requests\"}").withHeader("Retry-After", "30"));
        fx.upstream().script(SECRET_B, Answer.json(403, "{\"error\":\"this model requires a subscription, upgrade for"
                + " access: https://ollama.com/upgrade\"}"));
        String keyring = """
                providers:
                  - id: ollama
                    upstream: %s
                    strategy: fill-first
                    keys:
                      - {id: first, secret: %s}
                      - {id: second, secret: %s}
                      - {id: third, secret: fake-log-third-0123456789ijkl}
                """.formatted(fx.upstream().baseUrl(), SECRET_A, SECRET_B);
        RunningGateway gw = fx.start(keyring);
        try (CapturedLog log = new CapturedLog()) {
            assertEquals(200, gw.post("/ollama/api/chat", "{\"model\":\"gpt-oss:120b\",\"stream\":false}").statusCode());

            String text = log.text();
            assertTrue(Pattern.compile("Key ollama/first cooled \\(rate limited[^)]*\\): back at \\d\\d:\\d\\d:\\d\\d"
                    + " UTC \\(in (29|30) s\\)").matcher(text).find(), text);
            assertTrue(Pattern.compile("Key ollama/second: model gpt-oss:120b cooled \\(model forbidden: [^)]*\\):"
                    + " back at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(in (23|24) h").matcher(text).find(), text);
            assertFalse(text.contains("0123456789"), "no secret in the log");
        }
    }
}
