package org.keyrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyrelayTest {

    @Test
    void should_give_the_common_pool_two_threads_on_machines_with_fewer_than_three_cpus() {
        // below 2, CompletableFuture (and so the JDK HttpClient) starts a new thread per async step
        assertEquals(Optional.of("2"), Keyrelay.commonPoolParallelism(null, 1));
        assertEquals(Optional.of("2"), Keyrelay.commonPoolParallelism(null, 2));
    }

    @Test
    void should_leave_the_common_pool_alone_when_it_is_large_enough_or_configured() {
        assertEquals(Optional.empty(), Keyrelay.commonPoolParallelism(null, 3));
        assertEquals(Optional.empty(), Keyrelay.commonPoolParallelism(null, 16));
        assertEquals(Optional.empty(), Keyrelay.commonPoolParallelism("1", 2));
    }
}
