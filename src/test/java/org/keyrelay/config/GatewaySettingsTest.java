package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gateway's outside settings: flags, then environment variables, then defaults. */
class GatewaySettingsTest {

    private static final Map<String, String> HOME = Map.of("HOME", "/home/tester");

    private static GatewaySettings parse(Map<String, String> env, String... args) {
        return GatewaySettings.parse(args, env);
    }

    private static String error(Map<String, String> env, String... args) {
        return assertThrows(IllegalArgumentException.class, () -> GatewaySettings.parse(args, env)).getMessage();
    }

    @Test
    void should_use_defaults_when_nothing_is_set() {
        GatewaySettings settings = parse(HOME);

        assertEquals(Path.of("config/keyring.yaml"), settings.keyring());
        assertEquals("127.0.0.1", settings.host());
        assertEquals(8080, settings.port());
        assertEquals(Path.of("/home/tester/.local/state/keyrelay"), settings.stateDir());
        assertNull(settings.routes());
        assertEquals(List.of(), settings.clientTokens());
        assertTrue(settings.isLoopback());
    }

    @Test
    void should_read_environment_variables() {
        GatewaySettings settings = parse(Map.of(
                "KEYRELAY_KEYRING", "/etc/keyrelay/keyring.yaml",
                "KEYRELAY_HOST", "0.0.0.0",
                "KEYRELAY_PORT", " 9090 ",
                "KEYRELAY_STATE_DIR", "/var/lib/keyrelay",
                "KEYRELAY_ROUTES", "/etc/keyrelay/routes",
                "KEYRELAY_CLIENT_TOKENS", "client-token-0001, ,client-token-0002"));

        assertEquals(Path.of("/etc/keyrelay/keyring.yaml"), settings.keyring());
        assertEquals("0.0.0.0", settings.host());
        assertEquals(9090, settings.port());
        assertEquals(Path.of("/var/lib/keyrelay"), settings.stateDir());
        assertEquals(Path.of("/etc/keyrelay/routes"), settings.routes());
        assertEquals(List.of("client-token-0001", "client-token-0002"), settings.clientTokens());
        assertFalse(settings.isLoopback());
    }

    @Test
    void should_let_a_flag_win_over_its_environment_variable() {
        GatewaySettings settings = parse(Map.of("KEYRELAY_PORT", "9090", "KEYRELAY_HOST", "0.0.0.0", "HOME", "/h"),
                "--port", "7070", "--host", "localhost");

        assertEquals(7070, settings.port());
        assertEquals("localhost", settings.host());
        assertTrue(settings.isLoopback());
    }

    @Test
    void should_accept_flags_written_with_an_equals_sign() {
        GatewaySettings settings = parse(HOME, "--port=7070", "--keyring=my keyring.yaml", "--state-dir=/tmp/state",
                "--routes=routes");

        assertEquals(7070, settings.port());
        assertEquals(Path.of("my keyring.yaml"), settings.keyring());
        assertEquals(Path.of("/tmp/state"), settings.stateDir());
        assertEquals(Path.of("routes"), settings.routes());
    }

    @Test
    void should_ignore_blank_environment_variables() {
        GatewaySettings settings = parse(Map.of("KEYRELAY_PORT", "  ", "HOME", "/h"));

        assertEquals(8080, settings.port());
    }

    @Test
    void should_keep_state_under_xdg_state_home_when_it_is_set() {
        GatewaySettings settings = parse(Map.of("XDG_STATE_HOME", "/home/tester/.state", "HOME", "/home/tester"));

        assertEquals(Path.of("/home/tester/.state/keyrelay"), settings.stateDir());
    }

    @Test
    void should_let_an_explicit_state_dir_win_over_xdg_state_home() {
        GatewaySettings settings = parse(Map.of("XDG_STATE_HOME", "/home/tester/.state"), "--state-dir", "/srv/state");

        assertEquals(Path.of("/srv/state"), settings.stateDir());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "-1", "65536", "80.5", ""})
    void should_name_a_bad_port(String port) {
        assertEquals("--port / KEYRELAY_PORT: '" + port + "' is not a port (0-65535)", error(HOME, "--port=" + port));
    }

    @Test
    void should_name_a_bad_port_from_the_environment() {
        assertEquals("--port / KEYRELAY_PORT: 'eighty' is not a port (0-65535)",
                error(Map.of("KEYRELAY_PORT", "eighty", "HOME", "/h")));
    }

    @Test
    void should_name_an_unknown_option() {
        assertEquals("unknown option '--verbose'", error(HOME, "--verbose"));
        assertEquals("unknown option '--prot=8080'", error(HOME, "--prot=8080"));
    }

    @Test
    void should_say_when_a_flag_has_no_value() {
        assertEquals("--keyring needs a value", error(HOME, "--port", "8080", "--keyring"));
    }
}
