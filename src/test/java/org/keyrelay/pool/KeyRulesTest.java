package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.rateLimitedUntil;
import static org.keyrelay.pool.TestPools.verdict;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;

/** The key-state rules as a pure function: a record, an operation and a time in; the next record and events out. */
class KeyRulesTest {

    private final KeyRules rules = new KeyRules("p", new CooldownPolicy(CooldownSettings.defaults()),
            RecoverySettings.defaults());

    private KeyRecord cooledUntil(KeyRecord r, int seconds) {
        return rules.apply(r, new KeyOp.Failed(rateLimitedUntil(NOW.plusSeconds(seconds)), null, true), NOW).record();
    }

    @Test
    void should_publish_a_state_change_with_cause_and_end() {
        KeyRules.Applied applied = rules.apply(KeyRecord.fresh("a"),
                new KeyOp.Failed(rateLimitedUntil(NOW.plusSeconds(90)), null, true), NOW);
        assertEquals(List.of(new PoolEvent.StateChanged("p", "a", KeyState.ACTIVE, KeyState.COOLING,
                FailureClass.RATE_LIMITED, NOW.plusSeconds(90), "too many requests")), applied.events());
        assertEquals(85, applied.record().health().base());
        assertEquals(1, applied.record().streak());
    }

    @Test
    void should_say_nothing_of_a_shorter_cooldown_that_changes_no_state() {
        KeyRecord cooling = cooledUntil(KeyRecord.fresh("a"), 600);
        KeyRules.Applied shorter = rules.apply(cooling,
                new KeyOp.Failed(rateLimitedUntil(NOW.plusSeconds(60)), null, true), NOW);
        assertEquals(List.of(), shorter.events(), "only what changed is told");
        assertEquals(NOW.plusSeconds(600), shorter.record().until());
    }

    @Test
    void should_leave_a_healthy_active_key_as_it_is_on_success() {
        KeyRecord fresh = KeyRecord.fresh("a");
        KeyRules.Applied applied = rules.apply(fresh, new KeyOp.Succeeded(), NOW);
        assertEquals(fresh, applied.record());
        assertEquals(List.of(), applied.events());
    }

    @Test
    void should_keep_a_cooldown_in_force_when_served_before_its_end() {
        KeyRecord cooling = cooledUntil(KeyRecord.fresh("a"), 60);
        assertSame(KeyState.COOLING, rules.apply(cooling, new KeyOp.Served(null), NOW).record().state(),
                "another instance's newer cooldown is not undone by a key this one served");
        KeyRecord back = rules.apply(cooling, new KeyOp.Served(null), NOW.plusSeconds(60)).record();
        assertEquals(KeyState.ACTIVE, back.state());
        assertEquals(RecoverySettings.DEFAULT_RAMP_REQUESTS, back.probation().left(), "back on probation");
    }

    @Test
    void should_restore_a_saved_cooldown_without_an_end_as_over() {
        KeyMemory damaged = new KeyMemory("a", KeyState.COOLING, null, FailureClass.RATE_LIMITED, "x", 70, 1, Map.of(),
                0, 0, Map.of());
        KeyRecord r = rules.apply(KeyRecord.fresh("a"), new KeyOp.Restored(damaged), NOW).record();
        assertEquals(KeyState.ACTIVE, r.state());
        assertEquals(new Health(70, NOW), r.health(), "a score below 100 without an instant recovers from now");
    }

    @Test
    void should_leave_a_disabled_key_to_the_operator() {
        KeyRecord disabled = rules.apply(KeyRecord.fresh("a"), new KeyOp.Disabled(), NOW).record();
        KeyRecord after = rules.apply(disabled, new KeyOp.Failed(verdict(FailureClass.KEY_INVALID), null, true), NOW)
                .record();
        assertEquals(KeyState.DISABLED, after.state());
        assertEquals(KeyState.DISABLED, rules.apply(after, new KeyOp.Reset(), NOW).record().state());
        assertEquals(KeyState.ACTIVE, rules.apply(after, new KeyOp.Enabled(), NOW).record().state());
    }
}
