package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.relay.UpstreamTimeouts;

/**
 * A provider's {@code timeouts:} (connect, headers, response, idle): each one set replaces the gateway's, the others
 * stay the gateway's; a bad value names file, line, setting and value.
 */
class KeyringTimeoutsTest {

    private static final Path FILE = Path.of("keyring.yaml");
    private static final String PROVIDER = """
            providers:
              - id: ollama
                upstream: https://ollama.com
            """;

    private static TimeoutSettings parse(String settings) {
        String yaml = PROVIDER + settings.indent(4);
        return new KeyringParser(Map.of()).parse(FILE, yaml).provider("ollama").orElseThrow().timeouts();
    }

    private static String error(String settings) {
        String yaml = PROVIDER + settings.indent(4);
        return assertThrows(KeyringException.class, () -> new KeyringParser(Map.of()).parse(FILE, yaml)).getMessage();
    }

    @Test
    void should_keep_the_gateway_timeouts_for_a_provider_without_timeouts() {
        assertEquals(TimeoutSettings.NONE, parse(""));
        assertEquals(UpstreamTimeouts.DEFAULTS, parse("").over(UpstreamTimeouts.DEFAULTS));
        assertEquals(new UpstreamTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(300),
                Duration.ofSeconds(120)), UpstreamTimeouts.DEFAULTS);
    }

    @Test
    void should_read_every_timeout() {
        TimeoutSettings t = parse("""
                timeouts:
                  connect: 5s
                  headers: 90s
                  response: 10m
                  idle: 0
                """);
        assertEquals(new UpstreamTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(90), Duration.ofMinutes(10),
                Duration.ZERO), t.over(UpstreamTimeouts.DEFAULTS));
    }

    @Test
    void should_keep_the_gateway_value_of_a_timeout_not_set() {
        UpstreamTimeouts gateway = new UpstreamTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5),
                Duration.ofSeconds(6));
        assertEquals(new UpstreamTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofMillis(300),
                Duration.ofSeconds(6)), parse("timeouts: {response: 300ms}").over(gateway));
    }

    @Test
    void should_name_file_line_setting_and_value_of_a_bad_timeout() {
        String message = error("""
                timeouts:
                  headers: soon
                """);
        assertTrue(message.contains("keyring.yaml:5"), message);
        assertTrue(message.contains("timeouts.headers"), message);
        assertTrue(message.contains("soon"), message);
    }

    @Test
    void should_refuse_a_negative_timeout() {
        String message = error("timeouts: {idle: -5s}");
        assertTrue(message.contains("timeouts.idle"), message);
        assertTrue(message.contains("-5s"), message);
    }

    @Test
    void should_refuse_an_unknown_timeout() {
        String message = error("timeouts: {read: 5s}");
        assertTrue(message.contains("read"), message);
        assertTrue(message.contains("connect, headers, idle, response"), message);
    }

    @Test
    void should_give_a_streaming_request_its_head_and_silence_limits_and_any_other_the_whole_answer_limit() {
        UpstreamTimeouts t = UpstreamTimeouts.DEFAULTS;
        assertEquals(new UpstreamTimeouts(t.connect(), t.headers(), Duration.ZERO, t.idle()), t.forRequest(true));
        assertEquals(new UpstreamTimeouts(t.connect(), Duration.ZERO, t.response(), Duration.ZERO), t.forRequest(false));
    }
}
