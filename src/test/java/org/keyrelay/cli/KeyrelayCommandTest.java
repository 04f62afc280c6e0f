package org.keyrelay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.config.GatewaySettings;

/** {@code keyrelay [FLAGS]}: the gateway's command line, its help and its completion script. */
class KeyrelayCommandTest {

    private final List<GatewaySettings> started = new ArrayList<>();

    private CliRun keyrelay(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the command line main() runs: for serving, one without the keys / models trees; the whole one otherwise
        int code = KeyrelayCommand.forArgs(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), (prompt, confirm) -> new char[0],
                settings -> {
                    started.add(settings);
                    return 0;
                }).execute(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_start_the_gateway_on_the_flags_and_the_environment() {
        CliRun run = keyrelay(Map.of("HOME", "/h", "KEYRELAY_PORT", "9090"), "--host", "localhost",
                "--state-dir=/srv/state", "--management-port", "0");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, started.size());
        assertEquals("localhost", started.get(0).host());
        assertEquals(9090, started.get(0).port());
        assertEquals(Path.of("/srv/state"), started.get(0).stateDir());
        assertEquals(0, started.get(0).managementPort());
    }

    @Test
    void should_describe_every_flag_in_its_usage() {
        CliRun help = keyrelay(Map.of(), "--help");

        assertEquals(0, help.exitCode());
        for (String flag : List.of("--keyring", "--host", "--port", "--state-dir", "--routes", "--management-host",
                "--management-port", "--state")) {
            assertTrue(help.out().contains(flag), flag);
        }
        assertTrue(help.out().contains("KEYRELAY_MANAGEMENT_PORT"), help.out());
        assertTrue(help.out().contains("generate-completion"), help.out());
        assertTrue(started.isEmpty(), "help starts nothing");
    }

    @Test
    void should_exit_2_with_the_usage_on_bad_arguments() {
        CliRun unknown = keyrelay(Map.of("HOME", "/h"), "--verbose");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().startsWith("keyrelay: unknown option '--verbose'\nusage: java -jar keyrelay.jar"),
                unknown.err());

        CliRun badPort = keyrelay(Map.of("HOME", "/h", "KEYRELAY_PORT", "eighty"));
        assertEquals(2, badPort.exitCode());
        assertTrue(badPort.err().startsWith("keyrelay: --port / KEYRELAY_PORT: 'eighty' is not a port (0-65535)"),
                badPort.err());
        assertTrue(started.isEmpty(), "nothing started");
    }

    @Test
    void should_list_the_keys_and_models_commands_in_the_usage_after_an_error_too() {
        CliRun badPort = keyrelay(Map.of("HOME", "/h", "KEYRELAY_PORT", "eighty"), "--host", "localhost");
        assertEquals(2, badPort.exitCode());
        assertTrue(badPort.err().contains("\n  keys ") && badPort.err().contains("\n  models "), badPort.err());
        assertTrue(started.isEmpty(), "nothing started");
    }

    @Test
    void should_generate_a_completion_script_for_every_command() {
        CliRun script = keyrelay(Map.of(), "generate-completion");

        assertEquals(0, script.exitCode(), script.err());
        assertTrue(script.out().contains("complete -F _complete_keyrelay"), "bash completion");
        assertTrue(script.out().contains("bashcompinit"), "zsh runs it through bashcompinit");
        for (String word : List.of("keys", "models", "list", "rotate", "stats", "--management-port", "--format")) {
            assertTrue(script.out().contains(word), word);
        }
    }

    @Test
    void should_answer_help_on_every_keys_command() {
        for (String command : List.of("list", "add", "enable", "rotate", "use", "strategy", "stats", "export", "import")) {
            CliRun help = CliRun.keys(Map.of(), command, "--help");
            assertEquals(0, help.exitCode(), command + ": " + help.err());
            assertTrue(help.out().contains("keyrelay keys " + command) && help.out().contains("--state-dir"),
                    help.out());
        }
        CliRun all = CliRun.keys(Map.of(), "--help");
        assertTrue(all.out().contains("  add PROVIDER SECRET"), all.out());
        assertTrue(all.out().contains("  list [PROVIDER]"), all.out());
        assertTrue(all.out().contains("  rotate PROVIDER"), all.out());
    }

    @Test
    void should_show_the_optional_provider_and_json_in_the_help_of_list_and_stats() {
        for (String command : List.of("list", "stats")) {
            String help = CliRun.keys(Map.of(), command, "--help").out();
            assertTrue(help.contains("[--json]") && help.contains("[--state-dir=DIR] [PROVIDER]"), help);
            assertTrue(help.contains("      [PROVIDER]        one provider (default: every one)\n"), help);
            assertTrue(help.contains("      --json            print the admin API's JSON\n"), help);
        }
    }
}
