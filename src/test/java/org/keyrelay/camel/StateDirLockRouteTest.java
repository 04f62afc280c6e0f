package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.store.StateLockedException;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;

/** A gateway owns its state dir while it runs: a second one on the same dir does not start; the next one does. */
class StateDirLockRouteTest {

    @TempDir
    Path dir;

    @Test
    void should_refuse_a_second_gateway_on_the_same_state_dir_and_start_the_next_one() throws Exception {
        MutableClock clock = MutableClock.tickingFromNow();
        try (StubUpstream upstream = new StubUpstream()) {
            String keyring = Keyrings.provider(upstream.baseUrl(), 1);
            try (RunningGateway first = RunningGateway.start(dir, keyring, clock)) {
                StateLockedException refused = assertThrows(StateLockedException.class,
                        () -> RunningGateway.start(dir, keyring, clock).close());
                assertTrue(refused.getMessage().contains("another Keyrelay gateway"), refused.getMessage());
                assertEquals(200, first.post("/p/v1/chat/completions", "{}").statusCode(), "the first one still serves");
            }
            try (RunningGateway next = RunningGateway.start(dir, keyring, clock)) {
                assertEquals(200, next.post("/p/v1/chat/completions", "{}").statusCode());
                assertEquals(2, next.gateway().provider("p").orElseThrow().pool().view().get(0).stats().requests(),
                        "it started on the first one's state");
            }
        }
    }
}
