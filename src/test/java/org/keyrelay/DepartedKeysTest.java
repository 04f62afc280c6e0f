package org.keyrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.KeyringParser;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyState;
import org.keyrelay.store.FileKeyStateStore;
import org.keyrelay.support.MutableClock;

/** A key or provider that leaves with a keyring edit and comes back gets the state it left with; a new secret does not. */
class DepartedKeysTest {

    private static final Path FILE = Path.of("keyring.yaml");

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.fixed(Instant.parse("2026-03-02T10:00:00Z"));
    private Gateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Keyring keyring(String keys) {
        return new KeyringParser(Map.of()).parse(FILE, "providers:\n  - id: p\n    upstream: http://127.0.0.1:9\n"
                + "    keys:\n" + keys.indent(6));
    }

    private KeyPool pool() {
        return gateway.provider("p").orElseThrow().pool();
    }

    private KeyState state(String id) {
        return pool().memories().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow().state();
    }

    @Test
    void should_keep_an_operators_disable_across_a_key_leaving_and_coming_back() {
        GatewaySettings settings = new GatewaySettings(FILE, "127.0.0.1", 8080, dir, null, List.of(), "127.0.0.1", 0);
        String a = "- {id: a, secret: sk-test-a-0001}\n";
        String b = "- {id: b, secret: sk-test-b-0002}\n";
        gateway = new Gateway(settings, keyring(a + b), FileKeyStateStore.tool(dir, clock), clock);
        pool().disable("b");

        gateway.reload(new KeyringParser(Map.of()).parse(FILE, "providers: []\n"));
        gateway.reload(keyring(a + b));
        assertEquals(KeyState.DISABLED, state("b"), "the provider came back");

        gateway.reload(keyring(a));
        gateway.reload(keyring(a + b));
        assertEquals(KeyState.DISABLED, state("b"), "the key came back");

        gateway.reload(keyring(a));
        gateway.reload(keyring(a + b.replace("0002", "0003")));
        assertEquals(KeyState.ACTIVE, state("b"), "a new secret starts fresh");
    }
}
