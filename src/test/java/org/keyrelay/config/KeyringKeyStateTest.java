package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.http.Affinity;
import org.keyrelay.pool.CooldownSettings;
import org.keyrelay.pool.RecoverySettings;

/**
 * A provider's key-state settings (failWindow, cooldowns, recovery, affinity): read when given, the built-in rules
 * when not, so keyrings written before them keep working; a bad value names file, line and setting.
 */
class KeyringKeyStateTest {

    private static final Path FILE = Path.of("keyring.yaml");
    private static final String PROVIDER = """
            providers:
              - id: ollama
                upstream: https://ollama.com
            """;

    private static KeyStateSettings parse(String settings) {
        String yaml = PROVIDER + settings.indent(4);
        return new KeyringParser(Map.of()).parse(FILE, yaml).provider("ollama").orElseThrow().keyState();
    }

    private static String error(String settings) {
        String yaml = PROVIDER + settings.indent(4);
        return assertThrows(KeyringException.class, () -> new KeyringParser(Map.of()).parse(FILE, yaml)).getMessage();
    }

    @Test
    void should_use_the_built_in_rules_for_a_keyring_without_key_state_settings() {
        assertEquals(KeyStateSettings.defaults(), parse(""));
        assertEquals(Duration.ofHours(5), parse("").cooldowns().invalidFailWindow());
        assertEquals(new RecoverySettings(Duration.ofMinutes(10), 10, 3, Duration.ofSeconds(1)), parse("").recovery());
        assertEquals(Affinity.NONE, parse("").affinity());
    }

    @Test
    void should_read_every_key_state_setting() {
        KeyStateSettings s = parse("""
                failWindow: 2h
                cooldowns:
                  rateLimit: 10s
                  rateLimitMax: 5m
                  transient: 3s
                  modelForbidden: 12h
                  quota: {session: 4h, weekly: 7d, billingCycle: 48h}
                recovery: {every: 5m, points: 20, rampRequests: 2, rampSpacing: 500ms}
                affinity: body:/metadata/user_id
                """);

        CooldownSettings c = s.cooldowns();
        assertEquals(Duration.ofHours(2), c.invalidFailWindow());
        assertEquals(Duration.ofSeconds(10), c.rateLimitBase());
        assertEquals(Duration.ofMinutes(5), c.rateLimitMax());
        assertEquals(Duration.ofSeconds(3), c.transientFailure());
        assertEquals(Duration.ofHours(12), c.modelForbidden());
        assertEquals(Duration.ofHours(4), c.quotaWindow(QuotaWindow.SESSION));
        assertEquals(Duration.ofDays(7), c.quotaWindow(QuotaWindow.WEEKLY));
        assertEquals(Duration.ofHours(48), c.quotaWindow(QuotaWindow.BILLING_CYCLE));
        assertEquals(Duration.ofHours(1), c.quotaWindow(QuotaWindow.HOURLY), "a window not named keeps its default");
        assertEquals(new RecoverySettings(Duration.ofMinutes(5), 20, 2, Duration.ofMillis(500)), s.recovery());
        assertEquals(new Affinity.BodyPointer("/metadata/user_id"), s.affinity());
    }

    @Test
    void should_keep_the_defaults_of_the_settings_a_block_leaves_out() {
        KeyStateSettings s = parse("""
                cooldowns: {transient: 1s}
                recovery: {points: 5}
                """);

        CooldownSettings defaults = CooldownSettings.defaults();
        assertEquals(new CooldownSettings(defaults.rateLimitBase(), defaults.rateLimitMax(), Duration.ofSeconds(1),
                defaults.invalidFailWindow(), defaults.modelForbidden(), defaults.quotaWindows()), s.cooldowns());
        assertEquals(new RecoverySettings(Duration.ofMinutes(10), 5, 3, Duration.ofSeconds(1)), s.recovery());
    }

    @Test
    void should_switch_recovery_off_and_keep_the_ramp() {
        assertEquals(RecoverySettings.off(3, Duration.ofSeconds(1)), parse("recovery: off").recovery());
        assertEquals(RecoverySettings.off(1, Duration.ofMillis(200)),
                parse("recovery: {every: off, rampRequests: 1, rampSpacing: 200ms}").recovery());
        assertFalse(parse("recovery: OFF").recovery().recovers());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "recovery: {every: off, points: 5} | keyring.yaml:4: providers[0].recovery.points: is not allowed with every: off"
                + " (health does not recover by itself)",
        "recovery: {every: sometimes} | keyring.yaml:4: providers[0].recovery.every: 'sometimes' is not a duration (like"
                + " 10m or 1h) or off (no recovery)",
        "recovery: offf | keyring.yaml:4: providers[0].recovery: 'offf' is not off or a mapping of settings (allowed"
                + " here: every, points, rampRequests, rampSpacing)"})
    void should_name_the_setting_and_value_of_a_bad_recovery_switch(String setting, String message) {
        assertEquals(message, error(setting));
    }

    @ParameterizedTest(name = "affinity: {0}")
    @CsvSource({"none, none", "header:x-session-id, header:x-session-id", "body:/metadata/user_id, body:/metadata/user_id",
            "HEADER:X-Session-Id, header:X-Session-Id"})
    void should_read_each_kind_of_affinity(String written, String configName) {
        assertEquals(configName, parse("affinity: " + written).affinity().configName());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "failWindow: 0s | keyring.yaml:4: providers[0].failWindow: '0s' must be longer than 0",
        "failWindow: soon | keyring.yaml:4: providers[0].failWindow: 'soon' is not a duration (like 250ms, 30s, 5m, 5h, 7d)",
        "cooldowns: {rateLimit: 1m, rateLimitMax: 30s} | keyring.yaml:4: providers[0].cooldowns.rateLimitMax: "
                + "rateLimitMax (30s) must not be shorter than rateLimit (1m)",
        "cooldowns: {transient: -5s} | keyring.yaml:4: providers[0].cooldowns.transient: '-5s' is not a duration "
                + "(like 250ms, 30s, 5m, 5h, 7d)",
        "cooldowns: {quota: {fortnightly: 14d}} | keyring.yaml:4: providers[0].cooldowns.quota.fortnightly: unknown "
                + "setting (allowed here: billingCycle, daily, hourly, monthly, session, unknown, weekly)",
        "cooldowns: {ratelimit: 1m} | keyring.yaml:4: providers[0].cooldowns.ratelimit: unknown setting (allowed here: "
                + "modelForbidden, quota, rateLimit, rateLimitMax, transient)",
        "recovery: {points: 150} | keyring.yaml:4: providers[0].recovery.points: '150' must be at most 100 (health is a "
                + "score of 0-100)",
        "recovery: {points: 0} | keyring.yaml:4: providers[0].recovery.points: '0' must be at least 1",
        "recovery: {every: 0m} | keyring.yaml:4: providers[0].recovery.every: '0m' must be longer than 0",
        "recovery: {rampRequests: -1} | keyring.yaml:4: providers[0].recovery.rampRequests: '-1' must be at least 0",
        "recovery: 10m | keyring.yaml:4: providers[0].recovery: '10m' is not off or a mapping of settings (allowed here:"
                + " every, points, rampRequests, rampSpacing)",
        "recovery: [off] | keyring.yaml:4: providers[0].recovery: expected a mapping of settings",
        "affinity: cookie | keyring.yaml:4: providers[0].affinity: 'cookie' is not one of none, header:NAME, "
                + "body:/json/pointer (like header:x-session-id or body:/metadata/user_id)",
        "affinity: body:metadata.user_id | keyring.yaml:4: providers[0].affinity: 'body:metadata.user_id' is not one of "
                + "none, header:NAME, body:/json/pointer (like header:x-session-id or body:/metadata/user_id)",
        "affinity: header:x session | keyring.yaml:4: providers[0].affinity: 'header:x session' is not one of none, "
                + "header:NAME, body:/json/pointer (like header:x-session-id or body:/metadata/user_id)"})
    void should_name_file_line_and_setting_of_a_bad_value(String setting, String message) {
        assertEquals(message, error(setting));
    }
}
