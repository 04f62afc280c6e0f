package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.pool;
import static org.keyrelay.pool.TestPools.rateLimited;
import static org.keyrelay.pool.TestPools.verdict;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.support.MutableClock;

/**
 * A conversation stays on its key while that key is usable; when it is not, the conversation moves and stays on
 * the new key. Requests without a conversation are placed by the strategy as always.
 */
class SessionAffinityTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool = pool(clock, "a", "b", "c");

    /** One request of {@code conversation} (null: none) on {@code model}, answered successfully; its key's letter. */
    private String request(String conversation, String model) {
        Lease lease = pool.acquire(new SelectionRequest(model, null, conversation)).orElseThrow();
        lease.succeeded();
        return lease.key().id();
    }

    private String requests(String... conversations) {
        StringBuilder sb = new StringBuilder();
        for (String c : conversations) {
            sb.append(request(c, null));
        }
        return sb.toString();
    }

    @Test
    void should_keep_each_conversation_on_its_first_key() {
        assertEquals("abc", requests("x", "y", "z"));

        assertEquals("abcabcacb", requests("x", "y", "z", "x", "y", "z", "x", "z", "y"));
    }

    @Test
    void should_place_requests_without_a_conversation_by_the_strategy_meanwhile() {
        assertEquals("a", requests("x"));

        assertEquals("bcaabc", requests(null, null, "x", null, null, null));
    }

    @Test
    void should_move_a_conversation_whose_key_is_cooling_and_keep_it_on_the_new_key() {
        assertEquals("ab", requests("x", "y"));
        Lease onA = pool.acquire(new SelectionRequest(null, null, "x")).orElseThrow();
        onA.failed(rateLimited()); // a is out for 30 s

        String moved = request("x", null);
        assertEquals("c", moved, "the strategy's next key");
        assertEquals("cccc", requests("x", "x", "x", "x"));
        clock.advance(Duration.ofMinutes(5)); // a is back, but x stays where it is now
        assertEquals("cc", requests("x", "x"));
        assertEquals("b", requests("y"));
    }

    @Test
    void should_move_a_conversation_whose_key_may_not_use_its_model() {
        assertEquals("a", request("x", "big"));
        Lease onA = pool.acquire(new SelectionRequest("big", null, "x")).orElseThrow();
        onA.failed(verdict(FailureClass.MODEL_FORBIDDEN)); // big is out on a only

        assertEquals("bbb", request("x", "big") + request("x", "big") + request("x", "small"));
    }

    @Test
    void should_forget_a_conversation_idle_for_an_hour() {
        assertEquals("a", requests("x"));
        clock.advance(Duration.ofMinutes(59));
        assertEquals("a", requests("x"), "still remembered, and the hour starts again");

        clock.advance(Duration.ofMinutes(60));

        assertEquals("b", requests("x"), "forgotten: the strategy places it anew");
    }

    @Test
    void should_let_an_operator_choice_win_and_keep_the_conversation_there() {
        assertEquals("a", requests("x"));
        pool.use("c");

        assertEquals("cc", requests("x", "x"));
    }

    @Test
    void should_keep_a_retry_on_the_key_it_retries() {
        assertEquals("a", requests("x"));

        Lease retry = pool.acquire(new SelectionRequest(null, "b", "x")).orElseThrow();

        assertEquals("b", retry.key().id());
    }
}
