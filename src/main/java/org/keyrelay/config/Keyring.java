package org.keyrelay.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.keyrelay.http.BrowserPolicy;

/**
 * The parsed keyring file: providers with their keys, client access tokens and gateway-wide limits.
 *
 * @param browsers which web pages (allowedOrigins) and Host names (allowedHosts) the gateway answers
 * @param warnings things worth a log line that did not stop the keyring from loading (a key whose
 *                 environment variable is unset)
 */
public record Keyring(Path source, List<ProviderConfig> providers, List<ClientToken> clients, long maxBodyBytes,
                      BrowserPolicy browsers, List<String> warnings) {

    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;

    public Keyring {
        providers = List.copyOf(providers);
        clients = List.copyOf(clients);
        warnings = List.copyOf(warnings);
    }

    public Optional<ProviderConfig> provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public int keyCount() {
        return providers.stream().mapToInt(p -> p.keys().size()).sum();
    }
}
