package org.keyrelay.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's outside settings, from flags or environment variables (a flag wins):
 * {@code --keyring / KEYRELAY_KEYRING}, {@code --host / KEYRELAY_HOST}, {@code --port / KEYRELAY_PORT},
 * {@code --state-dir / KEYRELAY_STATE_DIR}, {@code --routes / KEYRELAY_ROUTES}, and client access tokens in
 * {@code KEYRELAY_CLIENT_TOKENS=a,b}.
 */
public record GatewaySettings(Path keyring, String host, int port, Path stateDir, Path routes,
                              List<String> clientTokens) {

    public static final String USAGE = """
            usage: java -jar keyrelay.jar [--keyring FILE] [--host HOST] [--port PORT] [--state-dir DIR] [--routes DIR]
              --keyring FILE   providers and keys (KEYRELAY_KEYRING, default config/keyring.yaml)
              --host HOST      address to listen on (KEYRELAY_HOST, default 127.0.0.1)
              --port PORT      port to listen on (KEYRELAY_PORT, default 8080)
              --state-dir DIR  where key state is kept (KEYRELAY_STATE_DIR, default $XDG_STATE_HOME/keyrelay
                               or ~/.local/state/keyrelay)
              --routes DIR     the *.camel.yaml route files (KEYRELAY_ROUTES, default routes/, else the built-in ones)
            """;

    private static final Map<String, String> FLAGS = Map.of(
            "--keyring", "KEYRELAY_KEYRING",
            "--host", "KEYRELAY_HOST",
            "--port", "KEYRELAY_PORT",
            "--state-dir", "KEYRELAY_STATE_DIR",
            "--routes", "KEYRELAY_ROUTES");

    public GatewaySettings {
        clientTokens = List.copyOf(clientTokens);
    }

    /** @throws IllegalArgumentException naming the flag or variable and the bad value */
    public static GatewaySettings parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        FLAGS.forEach((flag, var) -> {
            if (env.get(var) != null && !env.get(var).isBlank()) {
                values.put(flag, env.get(var).strip());
            }
        });
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!FLAGS.containsKey(flag)) {
                throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            values.put(flag, value);
        }
        String portText = values.getOrDefault("--port", "8080");
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port / KEYRELAY_PORT: '" + portText + "' is not a port (0-65535)");
        }
        List<String> tokens = new ArrayList<>();
        String tokenList = env.get("KEYRELAY_CLIENT_TOKENS");
        if (tokenList != null) {
            for (String t : tokenList.split(",")) {
                if (!t.isBlank()) {
                    tokens.add(t.strip());
                }
            }
        }
        return new GatewaySettings(
                Path.of(values.getOrDefault("--keyring", "config/keyring.yaml")),
                values.getOrDefault("--host", "127.0.0.1"),
                port,
                values.containsKey("--state-dir") ? Path.of(values.get("--state-dir")) : defaultStateDir(env),
                values.containsKey("--routes") ? Path.of(values.get("--routes")) : null,
                tokens);
    }

    static Path defaultStateDir(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "keyrelay");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "keyrelay");
    }

    public boolean isLoopback() {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }
}
