package org.keyrelay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyState;

/**
 * Two stores on one state dir, as the gateway and the CLI would hold them: the gateway holds the store lock for its
 * life; a tool reads freely but writes only under the lock, so neither ever loses the other's write.
 */
class StoreLockTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration NO_PATIENCE = Duration.ZERO;

    @TempDir
    Path dir;

    private final List<FileKeyStateStore> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(FileKeyStateStore::close);
    }

    private FileKeyStateStore gateway() {
        FileKeyStateStore store = FileKeyStateStore.owner(dir, CLOCK, NO_PATIENCE);
        opened.add(store);
        return store;
    }

    private static KeyMemory key(String id, KeyState state) {
        return new KeyMemory(id, state, state == KeyState.COOLING ? NOW.plusSeconds(600) : null,
                state == KeyState.COOLING ? FailureClass.RATE_LIMITED : null, null, 100, 0, Map.of(), 0, 0, Map.of());
    }

    private static Map<String, List<KeyMemory>> state(KeyMemory... keys) {
        return Map.of("openai", List.of(keys));
    }

    /** The tool's change: key {@code id} disabled, everything else kept. */
    private static Map<String, List<KeyMemory>> disable(Map<String, List<KeyMemory>> old, String id) {
        Map<String, List<KeyMemory>> next = new LinkedHashMap<>();
        old.forEach((provider, keys) -> next.put(provider, keys.stream()
                .map(k -> k.id().equals(id) ? key(id, KeyState.DISABLED) : k).toList()));
        return next;
    }

    @Test
    void should_refuse_a_tool_write_while_the_gateway_holds_the_lock() {
        FileKeyStateStore gateway = gateway();
        gateway.save(state(key("alpha", KeyState.COOLING)));
        FileKeyStateStore tool = FileKeyStateStore.tool(dir, CLOCK);

        StateLockedException refused = assertThrows(StateLockedException.class,
                () -> tool.update(old -> disable(old, "alpha")));
        assertThrows(StateLockedException.class, () -> tool.save(state(key("alpha", KeyState.DISABLED))));

        assertTrue(refused.getMessage().contains("admin API"), refused.getMessage());
        assertTrue(tool.isLocked());
        assertEquals(state(key("alpha", KeyState.COOLING)), tool.load(), "the tool reads the gateway's file");
        gateway.save(state(key("alpha", KeyState.ACTIVE)));
        assertEquals(state(key("alpha", KeyState.ACTIVE)), tool.load(), "and its next write, whole");
    }

    @Test
    void should_let_a_tool_write_once_the_gateway_is_gone_keeping_the_gateway_last_write() {
        FileKeyStateStore gateway = gateway();
        gateway.save(state(key("alpha", KeyState.COOLING), key("beta", KeyState.ACTIVE)));
        gateway.close();
        FileKeyStateStore tool = FileKeyStateStore.tool(dir, CLOCK);

        tool.update(old -> disable(old, "beta"));

        assertEquals(state(key("alpha", KeyState.COOLING), key("beta", KeyState.DISABLED)), tool.load());
        assertFalse(tool.isLocked(), "the tool let go of the lock after its write");
    }

    @Test
    void should_start_the_next_gateway_on_the_tool_change() {
        FileKeyStateStore tool = FileKeyStateStore.tool(dir, CLOCK);
        tool.save(state(key("alpha", KeyState.COOLING)));
        tool.update(old -> disable(old, "alpha"));

        FileKeyStateStore gateway = gateway();

        assertEquals(state(key("alpha", KeyState.DISABLED)), gateway.load());
    }

    @Test
    void should_refuse_a_second_gateway_on_the_same_state_dir() {
        gateway();

        StateLockedException refused = assertThrows(StateLockedException.class, this::gateway);

        assertTrue(refused.getMessage().contains("another Keyrelay gateway"), refused.getMessage());
        assertEquals(dir, refused.stateDir());
    }

    @Test
    void should_let_a_new_gateway_take_the_lock_once_the_old_one_closed() {
        FileKeyStateStore first = gateway();
        first.save(state(key("alpha", KeyState.COOLING)));
        first.close();

        FileKeyStateStore second = gateway();
        second.save(state(key("alpha", KeyState.ACTIVE)));

        assertEquals(state(key("alpha", KeyState.ACTIVE)), second.load());
    }

    @Test
    void should_never_write_after_letting_go_of_the_lock() {
        FileKeyStateStore gateway = gateway();
        gateway.close();

        assertThrows(IllegalStateException.class, () -> gateway.save(state(key("alpha", KeyState.ACTIVE))));
        assertFalse(Files.exists(gateway.file()));
    }

    @Test
    void should_start_a_gateway_only_after_a_tool_write_in_progress() throws Exception {
        FileKeyStateStore tool = FileKeyStateStore.tool(dir, CLOCK);
        tool.save(state(key("alpha", KeyState.ACTIVE)));
        CountDownLatch writing = new CountDownLatch(1);
        Thread slowTool = new Thread(() -> tool.update(old -> {
            writing.countDown();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return disable(old, "alpha");
        }));
        slowTool.start();
        assertTrue(writing.await(5, TimeUnit.SECONDS));

        FileKeyStateStore gateway = FileKeyStateStore.owner(dir, CLOCK, Duration.ofSeconds(5));
        opened.add(gateway);
        slowTool.join();

        assertEquals(state(key("alpha", KeyState.DISABLED)), gateway.load(), "the gateway starts on the tool's write");
    }

    @Test
    void should_leave_an_unreadable_file_to_the_gateway_holding_the_lock() throws Exception {
        FileKeyStateStore gateway = gateway();
        Files.writeString(gateway.file(), "{\"format\":1,\"provi");
        FileKeyStateStore tool = FileKeyStateStore.tool(dir, CLOCK);

        assertEquals(Map.of(), tool.load());

        assertTrue(Files.exists(gateway.file()), "a tool moves nothing while the gateway holds the lock");
        assertEquals(Map.of(), gateway.load());
        assertFalse(Files.exists(gateway.file()), "the gateway moved it aside");
        assertTrue(Files.exists(dir.resolve("state.json.corrupt-" + NOW.toEpochMilli())));
    }

    @Test
    void should_say_who_holds_the_lock() throws Exception {
        gateway();

        String holder = Files.readString(dir.resolve("state.lock"));

        assertTrue(holder.startsWith("keyrelay gateway, pid " + ProcessHandle.current().pid()), holder);
    }
}
