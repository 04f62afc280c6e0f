package org.keyrelay.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyrelay.store.redis.RedisLocation;

/**
 * The gateway's outside settings, from flags ({@link GatewayFlags}) or environment variables (a flag wins):
 * {@code --keyring / KEYRELAY_KEYRING}, {@code --host / KEYRELAY_HOST}, {@code --port / KEYRELAY_PORT},
 * {@code --state-dir / KEYRELAY_STATE_DIR}, {@code --routes / KEYRELAY_ROUTES},
 * {@code --management-host / KEYRELAY_MANAGEMENT_HOST}, {@code --management-port / KEYRELAY_MANAGEMENT_PORT}
 * (the admin API; 0 picks a free port), {@code --state / KEYRELAY_STATE} (key state shared by several instances:
 * {@code redis://host:port/db}; absent, the state dir's file alone), and client access tokens in
 * {@code KEYRELAY_CLIENT_TOKENS=a,b}.
 *
 * @param state where key state is shared with other instances ({@code redis://...}), or null: this gateway alone
 */
public record GatewaySettings(Path keyring, String host, int port, Path stateDir, Path routes,
                              List<String> clientTokens, String managementHost, int managementPort, String state) {

    public static final String DEFAULT_MANAGEMENT_HOST = "127.0.0.1";
    public static final int DEFAULT_MANAGEMENT_PORT = 8081;

    private static final Map<String, String> FLAGS = Map.of(
            "--keyring", "KEYRELAY_KEYRING",
            "--host", "KEYRELAY_HOST",
            "--port", "KEYRELAY_PORT",
            "--state-dir", "KEYRELAY_STATE_DIR",
            "--routes", "KEYRELAY_ROUTES",
            "--management-host", "KEYRELAY_MANAGEMENT_HOST",
            "--management-port", "KEYRELAY_MANAGEMENT_PORT",
            "--state", "KEYRELAY_STATE");

    public GatewaySettings {
        clientTokens = List.copyOf(clientTokens);
        if (state != null && !state.isBlank()) {
            RedisLocation.parse(state, "--state / KEYRELAY_STATE");
        } else {
            state = null;
        }
    }

    /** Settings of a gateway on its own (no shared state). */
    public GatewaySettings(Path keyring, String host, int port, Path stateDir, Path routes, List<String> clientTokens,
                           String managementHost, int managementPort) {
        this(keyring, host, port, stateDir, routes, clientTokens, managementHost, managementPort, null);
    }

    /**
     * Settings without management choices, for embedding and tests: the admin API listens on 127.0.0.1 on a free
     * port (its address is written to the state dir, where the CLI finds it).
     */
    public GatewaySettings(Path keyring, String host, int port, Path stateDir, Path routes, List<String> clientTokens) {
        this(keyring, host, port, stateDir, routes, clientTokens, DEFAULT_MANAGEMENT_HOST, 0);
    }

    /** These settings sharing key state through {@code redisUrl} (null: alone). */
    public GatewaySettings withState(String redisUrl) {
        return new GatewaySettings(keyring, host, port, stateDir, routes, clientTokens, managementHost, managementPort,
                redisUrl);
    }

    /** Where key state is shared, when it is. */
    public java.util.Optional<RedisLocation> sharedState() {
        return state == null ? java.util.Optional.empty()
                : java.util.Optional.of(RedisLocation.parse(state, "--state / KEYRELAY_STATE"));
    }

    /**
     * The settings of the gateway's command line ({@link GatewayFlags}) and environment.
     *
     * @throws IllegalArgumentException naming the flag or variable and the bad value
     */
    public static GatewaySettings parse(String[] args, Map<String, String> env) {
        return from(GatewayFlags.parse(args), env);
    }

    /**
     * The settings of the flags given ({@code --port} to its text, as {@link GatewayFlags} reads them), else their
     * environment variables, else the defaults.
     *
     * @throws IllegalArgumentException naming the flag or variable and the bad value
     */
    public static GatewaySettings from(Map<String, String> flags, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        FLAGS.forEach((flag, var) -> {
            if (env.get(var) != null && !env.get(var).isBlank()) {
                values.put(flag, env.get(var).strip());
            }
        });
        flags.forEach((flag, value) -> {
            if (!FLAGS.containsKey(flag)) {
                throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
            values.put(flag, value);
        });
        int port = port(values.getOrDefault("--port", "8080"), "--port / KEYRELAY_PORT");
        int managementPort = port(values.getOrDefault("--management-port", Integer.toString(DEFAULT_MANAGEMENT_PORT)),
                "--management-port / KEYRELAY_MANAGEMENT_PORT");
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
                tokens,
                values.getOrDefault("--management-host", DEFAULT_MANAGEMENT_HOST),
                managementPort,
                values.get("--state"));
    }

    private static int port(String text, String setting) {
        int port;
        try {
            port = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is not a port (0-65535)");
        }
        return port;
    }

    public static Path defaultStateDir(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "keyrelay");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "keyrelay");
    }

    public boolean isLoopback() {
        return isLoopback(host);
    }

    public boolean isManagementLoopback() {
        return isLoopback(managementHost);
    }

    static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }

    /** Client tokens are secrets: only their number is shown. */
    @Override
    public String toString() {
        return "GatewaySettings[keyring=" + keyring + ", host=" + host + ", port=" + port + ", stateDir=" + stateDir
                + ", routes=" + routes + ", clientTokens=" + clientTokens.size() + ", management=" + managementHost
                + ":" + managementPort + (state == null ? "" : ", state=" + sharedState().orElseThrow()) + "]";
    }
}
