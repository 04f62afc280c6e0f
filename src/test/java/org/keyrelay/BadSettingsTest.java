package org.keyrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees who writes a bad value in config/application.properties: the gateway, run as a process the way
 * the README runs it, stops at once with one line naming the setting and the value (no stack trace).
 */
class BadSettingsTest {

    @TempDir
    Path dir;

    @Test
    void should_stop_with_one_line_naming_the_setting_and_the_value() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.properties"), """
                keyrelay.upstream.connect-timeout=5s
                keyrelay.ingress.max-connections=lots
                """);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Keyrelay.class.getName(),
                "--port", "0", "--management-port", "0", "--state-dir", dir.resolve("state").toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile());
        Map<String, String> env = builder.environment();
        new HashMap<>(env).keySet().stream().filter(k -> k.startsWith("KEYRELAY_")).forEach(env::remove);
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the gateway stops by itself");
            List<String> out = Files.readAllLines(dir.resolve("out.log"));
            assertEquals(1, process.exitValue(), String.join("\n", out));
            assertEquals("keyrelay: keyrelay.ingress.max-connections: 'lots' is not a whole number of at least 1",
                    out.get(out.size() - 1), String.join("\n", out));
            assertTrue(out.stream().noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception")),
                    "no stack trace:\n" + String.join("\n", out));
        } finally {
            process.destroyForcibly();
        }
    }
}
