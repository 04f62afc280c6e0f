package org.keyrelay.pool;

import java.time.Instant;

/**
 * Whether one key can serve, when it can again and why not: the one place that says so, for selection, the pool's
 * {@link Availability}, {@code /health}, {@code keyrelay_keys_usable}, the admin API, the CLI and JMX.
 * <ul>
 *   <li><em>selectable</em>: selection may choose it now for the model asked ({@link Why#READY}, or an invalid key
 *       whose fail window lets its one probe through, {@link Why#PROBE_DUE});</li>
 *   <li><em>usable</em>: it is in rotation and proven: neither disabled, nor cooling, nor invalid (a probe due is not
 *       proof), nor spent, whatever one model's cooldown; a key on probation counts (it serves, one request at a
 *       time).</li>
 * </ul>
 * A key is <em>spent</em> while its provider said one of its windows is (headers or a usage poll, see
 * {@link org.keyrelay.usage.Budget}): out until that window resets, as a cooldown is, though no request failed.
 * A cooldown or fail window that has ended counts as over.
 *
 * @param why    the first thing that keeps it out, or READY
 * @param backAt when it is selectable again (at the latest: a request on probation may answer sooner); null when only
 *               an operator can bring it back, or it is selectable now
 */
public record Readiness(Why why, Instant backAt) {

    /** Why a key is or is not selectable now, in the order they are checked. */
    public enum Why { DISABLED, COOLING, INVALID, SPENT, MODEL_COOLING, ON_PROBATION, PROBE_DUE, READY }

    /** The readiness of {@code r} at {@code now} for {@code model} (null: any), with {@code inFlight} requests on it. */
    public static Readiness of(KeyRecord r, int inFlight, Instant now, String model) {
        if (r.state() == KeyState.DISABLED) {
            return new Readiness(Why.DISABLED, null);
        }
        boolean out = r.state() != KeyState.ACTIVE && r.until() != null && now.isBefore(r.until());
        Instant modelBack = model == null ? null : r.modelCooldowns().get(model);
        boolean modelOut = modelBack != null && now.isBefore(modelBack);
        boolean held = r.probation().holds(inFlight, now);
        Instant spentUntil = r.budgets().spentUntil(now);
        if (!out && spentUntil == null && !modelOut && !held) {
            return new Readiness(r.state() == KeyState.INVALID ? Why.PROBE_DUE : Why.READY, null);
        }
        Instant back = latest(out ? r.until() : null, spentUntil, modelOut ? modelBack : null,
                held ? r.probation().nextAt() : null);
        Why why = out ? (r.state() == KeyState.COOLING ? Why.COOLING : Why.INVALID)
                : spentUntil != null ? Why.SPENT : modelOut ? Why.MODEL_COOLING : Why.ON_PROBATION;
        return new Readiness(why, back);
    }

    /**
     * The state operators see for a key whose record says {@code recorded}: a cooldown that has ended is over (the
     * record says cooling until the key is next served), so the key shows as active.
     */
    public KeyState state(KeyState recorded) {
        return recorded == KeyState.COOLING && why != Why.COOLING ? KeyState.ACTIVE : recorded;
    }

    public boolean selectable() {
        return why == Why.READY || why == Why.PROBE_DUE;
    }

    /** In rotation and proven (see the class comment); ask with no model. */
    public boolean usable() {
        return why == Why.READY || why == Why.ON_PROBATION;
    }

    /** May serve the model asked, probation aside: a retry on the same key, or the key an operator chose, keeps it. */
    public boolean mayServe() {
        return selectable() || why == Why.ON_PROBATION;
    }

    private static Instant latest(Instant... instants) {
        Instant last = null;
        for (Instant t : instants) {
            if (t != null && (last == null || t.isAfter(last))) {
                last = t;
            }
        }
        return last;
    }
}
