package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyState;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/** Cooldowns survive a restart, in a state file that holds no secret. */
class RestartRouteTest {

    @TempDir
    Path dir;

    @Test
    void should_keep_a_cooldown_across_a_restart() throws Exception {
        MutableClock clock = MutableClock.tickingFromNow();
        try (StubUpstream upstream = new StubUpstream()) {
            upstream.script("key-a", Answer.rateLimited(3600));
            String keyring = Keyrings.provider(upstream.baseUrl(), 2);

            try (RunningGateway first = RunningGateway.start(dir, keyring, clock)) {
                assertEquals(200, first.post("/p/v1/chat/completions", "{}").statusCode());
            }
            Path stateFile = dir.resolve("state/state.json");
            String state = Files.readString(stateFile);
            assertFalse(state.contains("key-a") || state.contains("key-b"), "no secret in the state file: " + state);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stateFile)));

            clock.advance(Duration.ofMinutes(30));
            try (RunningGateway second = RunningGateway.start(dir, keyring, clock)) {
                KeyMemory a = second.gateway().provider("p").orElseThrow().pool().memories().get(0);
                assertEquals(KeyState.COOLING, a.state());
                assertEquals(FailureClass.RATE_LIMITED, a.cause());
                assertTrue(a.until().isAfter(clock.instant().plus(Duration.ofMinutes(25))));

                assertEquals(200, second.post("/p/v1/chat/completions", "{}").statusCode());
                assertEquals(200, second.post("/p/v1/chat/completions", "{}").statusCode());
                assertEquals("abbb", upstream.keySequence(), "the cooling key stays out after the restart");
            }
        }
    }
}
