package org.keyrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.KeyringParser;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.failure.Verdict;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyState;
import org.keyrelay.pool.Lease;
import org.keyrelay.store.FileKeyStateStore;
import org.keyrelay.support.MutableClock;

/** Each pool follows its provider's key-state rules, and a reloaded keyring's new rules apply to the kept pool. */
class KeyStateRulesReloadTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Path FILE = Path.of("keyring.yaml");

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.fixed(NOW);
    private Gateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Keyring keyring(String rules) {
        return new KeyringParser(Map.of()).parse(FILE, """
                providers:
                  - id: p
                    upstream: http://127.0.0.1:9
                    keys:
                      - {id: a, secret: sk-test-a-0001}
                """ + rules.indent(4));
    }

    private KeyPool pool() {
        return gateway.provider("p").orElseThrow().pool();
    }

    private KeyMemory a() {
        return pool().view().get(0).memory();
    }

    private void rejected() {
        Lease lease = pool().acquire(null, null).orElseThrow();
        lease.failedWithoutCooldown(new Verdict(FailureClass.QUOTA_EXHAUSTED, null, Optional.empty(), QuotaWindow.UNKNOWN));
        pool().acquire(null, null).orElseThrow()
                .failed(new Verdict(FailureClass.KEY_INVALID, null, Optional.empty(), QuotaWindow.UNKNOWN));
    }

    @Test
    void should_apply_the_keyring_rules_and_a_reload_changing_them() {
        GatewaySettings settings = new GatewaySettings(FILE, "127.0.0.1", 8080, dir, null, List.of(), "127.0.0.1", 0);
        gateway = new Gateway(settings, keyring("failWindow: 2h\nrecovery: {every: 1m, points: 5}"),
                FileKeyStateStore.tool(dir, clock), clock);
        KeyPool before = pool();
        rejected();
        assertEquals(NOW.plus(Duration.ofHours(2)), a().until(), "the keyring's fail window");
        assertEquals(70 - 20, a().health());

        gateway.reload(keyring("failWindow: 30m\nrecovery: {every: 1m, points: 1}"));
        clock.advance(Duration.ofMinutes(3));

        assertSame(before, pool(), "the pool is kept");
        assertEquals(KeyState.INVALID, a().state());
        assertEquals(NOW.plus(Duration.ofHours(2)), a().until(), "a decided fail window stays");
        assertEquals(50 + 3, a().health(), "recovering by the new rule: +1 a minute");
        clock.advance(Duration.ofHours(2));
        pool().acquire(null, null).orElseThrow()
                .failed(new Verdict(FailureClass.KEY_INVALID, null, Optional.empty(), QuotaWindow.UNKNOWN));
        assertEquals(clock.instant().plus(Duration.ofMinutes(30)), a().until(), "the next probe by the new window");
    }
}
