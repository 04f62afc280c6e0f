package org.keyrelay.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.keyrelay.Gateway;
import org.keyrelay.Provider;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyState;
import org.keyrelay.pool.KeyStats;
import org.keyrelay.pool.KeyView;
import org.keyrelay.pool.Readiness;
import org.keyrelay.pool.Secret;
import org.keyrelay.selection.Strategy;
import org.keyrelay.usage.Budget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators can do to the key pools, and what they see of them: one place for the admin API, JMX and the
 * CLI, so each answers the same: reports, {@link #addKey}, the {@link KeyAction}s ({@link #act}) and the strategy.
 * Unknown names and bad values fail with an {@link AdminProblem} that names the known ones or the field and the
 * value (never a secret). Plain Java.
 * <p>
 * A key from the keyring (the file or its environment variables) cannot be removed here: the answer is 409, saying
 * to edit the keyring (which reloads live) or to disable the key. Keys added here can be removed here.
 */
public final class KeyAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(KeyAdmin.class);
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_WEIGHT = 1000;

    private final Gateway gateway;

    public KeyAdmin(Gateway gateway) {
        this.gateway = gateway;
    }

    public Gateway gateway() {
        return gateway;
    }

    public List<ProviderReport> providers() {
        return gateway.providers().values().stream().map(this::report).toList();
    }

    public ProviderReport provider(String providerId) {
        return report(provider0(providerId));
    }

    public List<KeyReport> keys(String providerId) {
        Provider p = provider0(providerId);
        return p.pool().view().stream().map(v -> report(p, v)).toList();
    }

    /** The provider and its keys: what {@code GET /admin/providers/{p}/keys} and {@code keys list} show. */
    public PoolReport pool(String providerId) {
        return new PoolReport(provider(providerId), keys(providerId));
    }

    public KeyReport key(String providerId, String keyId) {
        Provider p = provider0(providerId);
        return report(p, view(p, keyId));
    }

    /**
     * Adds a key; it is kept in keys.json and survives restarts.
     *
     * @param id     null for the next free {@code key-N}
     * @param weight null for 1
     * @param label  free text shown beside the id ({@link ApiKey#labelProblem}), or null for none
     */
    public KeyReport addKey(String providerId, String id, String secret, Integer weight, String label) {
        Provider p = provider0(providerId);
        if (secret == null || secret.isBlank()) {
            throw AdminProblem.badHiddenValue("secret", "is required: the provider's API key");
        }
        if (!secret.strip().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw AdminProblem.badHiddenValue("secret", "must be one word of printable ASCII characters (no spaces or line breaks)");
        }
        if (id != null && !KEY_ID.matcher(id).matches()) {
            throw AdminProblem.badValue("id", id, "is not a key id (letters, digits, '.', '_', '-'; at most 64; starting with a letter or digit)");
        }
        int w = weight == null ? 1 : weight;
        if (w < 1 || w > MAX_WEIGHT) {
            throw AdminProblem.badValue("weight", weight, "must be a whole number from 1 to " + MAX_WEIGHT);
        }
        String labelProblem = ApiKey.labelProblem(label);
        if (labelProblem != null) {
            throw AdminProblem.badValue("label", label, labelProblem);
        }
        Secret value = new Secret(secret);
        List<ApiKey> have = p.pool().keys();
        for (ApiKey k : have) {
            if (k.secret().equals(value)) {
                throw AdminProblem.conflict("Provider '" + p.id() + "' already has this secret, as key '" + k.id() + "'.");
            }
            if (k.id().equals(id)) {
                throw AdminProblem.conflict("Provider '" + p.id() + "' already has a key '" + id + "'; choose another id.");
            }
        }
        String keyId = id != null ? id : nextFreeId(have);
        if (!gateway.addKey(p.id(), new ApiKey(keyId, value, w, label))) {
            throw AdminProblem.conflict("Provider '" + p.id() + "' got a key '" + keyId + "' or this secret meanwhile.");
        }
        LOG.info("Operator: key {}/{} ({}) added", p.id(), keyId, value.masked());
        return key(p.id(), keyId);
    }

    /**
     * Does {@code action} to key {@code keyId} of the provider ({@link KeyAction#ROTATE}: to the provider; the key id
     * is not used). Returns the key it concerns afterwards: for REMOVE as it was, for ROTATE the key now in use.
     */
    public KeyReport act(KeyAction action, String providerId, String keyId) {
        if (action.onEveryKey()) {
            throw new IllegalArgumentException(action.word() + " changes every key: KeyAdmin#refresh");
        }
        Provider p = provider0(providerId);
        if (action == KeyAction.ROTATE) {
            String next = p.pool().rotate().orElseThrow(() -> AdminProblem.conflict("Provider '" + p.id()
                    + "' has no usable key to rotate to."));
            LOG.info("Operator: provider {} rotated to key {}", p.id(), next);
            return key(p.id(), next);
        }
        KeyReport before = report(p, view(p, keyId));
        switch (action) {
            case ENABLE -> p.pool().enable(keyId);
            case DISABLE -> p.pool().disable(keyId);
            case RESET -> p.pool().reset(keyId);
            case USE -> p.pool().use(keyId);
            case REMOVE -> removeAdded(p, keyId);
            default -> throw new IllegalStateException(action.name());
        }
        LOG.info("Operator: key {}/{} {}", p.id(), keyId, action.done());
        return action == KeyAction.REMOVE ? before : key(p.id(), keyId);
    }

    /**
     * {@link KeyAction#REFRESH}: every key of the provider gets a fresh start at once, as {@link KeyAction#RESET} gives
     * one (cooldowns and rejections end, health is full, failures are forgotten; disabled keys stay disabled). Returns
     * the provider and its keys afterwards.
     */
    public PoolReport refresh(String providerId) {
        Provider p = provider0(providerId);
        p.pool().refresh();
        LOG.info("Operator: provider {} refreshed (every key reset)", p.id());
        return pool(p.id());
    }

    /** Removes a key added with the CLI, the admin API or an import; a keyring key: 409, saying what to do. */
    private void removeAdded(Provider p, String keyId) {
        if (!gateway.removeAddedKey(p.id(), keyId)) {
            throw AdminProblem.conflict("Key '" + keyId + "' of provider '" + p.id() + "' comes from the keyring ("
                    + gateway.keyring().source() + (p.config().envKeys() == null ? "" : " or the " + p.config().envKeys()
                    + " environment variables") + "): remove it there (keyring edits apply without a restart), "
                    + "or switch it off with `keyrelay keys disable " + p.id() + " " + keyId + "`.");
        }
    }

    /** Sets a provider's strategy; it survives restarts until the keyring names another one. */
    public ProviderReport setStrategy(String providerId, String name) {
        Provider p = provider0(providerId);
        Strategy strategy;
        try {
            strategy = Strategy.parse(name);
        } catch (IllegalArgumentException e) {
            throw AdminProblem.badValue("strategy", name, "is not one of " + Strategy.names());
        }
        gateway.chooseStrategy(p.id(), strategy);
        LOG.info("Operator: provider {} strategy {}", p.id(), strategy.configName());
        return provider(p.id());
    }

    public StatsReport stats() {
        List<StatsReport.ProviderStats> list = new ArrayList<>();
        Counter all = new Counter();
        for (Provider p : gateway.providers().values()) {
            Counter provider = new Counter();
            List<StatsReport.KeyStats> keys = new ArrayList<>();
            for (KeyView v : p.pool().view()) {
                KeyMemory m = v.memory();
                Instant now = gateway.clock().instant();
                KeyStats st = v.stats();
                boolean out = v.state() == m.state(); // else a cooldown that has ended: nothing keeps it out
                keys.add(new StatsReport.KeyStats(m.id(), v.label(), v.maskedSecret(), v.state().label(), m.health(),
                        m.requests(), m.successes(), failures(m),
                        st.successRate() == null ? null : Math.round(st.successRate() * 1000) / 10.0,
                        st.latency(), st.timeToFirstByte(), st.requestsToday(), st.requestsLast7Days(), st.tokensIn(),
                        st.tokensOut(), out ? causeName(m) : null, out ? m.reason() : null,
                        m.budgets().inOrder().stream().map(b -> b.describe(now)).toList(),
                        st.lastUsed() == null ? null : st.lastUsed().toString(), StatsReport.Failure.of(st.lastFailure())));
                provider.add(m);
                all.add(m);
            }
            list.add(new StatsReport.ProviderStats(p.id(), p.pool().strategy().configName(),
                    usableNow(p.pool()), provider.totals(), keys));
        }
        return new StatsReport(all.totals(), list);
    }

    /** The failure class that put the key out, as the admin API writes it ("rate_limited"), or null. */
    private static String causeName(KeyMemory m) {
        return m.cause() == null ? null : m.cause().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The known provider, or 404 naming the known ones. */
    public Provider provider0(String providerId) {
        Provider p = providerId == null ? null : gateway.providers().get(providerId);
        if (p == null) {
            throw AdminProblem.unknownProvider(providerId, List.copyOf(gateway.providers().keySet()));
        }
        return p;
    }

    private static KeyView view(Provider p, String keyId) {
        List<KeyView> views = p.pool().view();
        return views.stream().filter(v -> v.id().equals(keyId)).findFirst()
                .orElseThrow(() -> AdminProblem.unknownKey(p.id(), keyId, views.stream().map(KeyView::id).toList()));
    }

    private static String nextFreeId(List<ApiKey> have) {
        for (int n = have.size() + 1; ; n++) {
            String id = "key-" + n;
            if (have.stream().noneMatch(k -> k.id().equals(id))) {
                return id;
            }
        }
    }

    /** Keys usable now, by the pool's one rule ({@link Readiness#usable()}), as /health and the metrics count them. */
    private static int usableNow(KeyPool pool) {
        return (int) pool.readiness().values().stream().filter(Readiness::usable).count();
    }

    private ProviderReport report(Provider p) {
        KeyPool pool = p.pool();
        Map<String, Integer> states = new LinkedHashMap<>();
        for (KeyState s : KeyState.values()) {
            states.put(s.label(), 0);
        }
        List<KeyView> views = pool.view();
        views.forEach(v -> states.merge(v.state().label(), 1, Integer::sum));
        var availability = pool.availability(null);
        return new ProviderReport(p.id(), p.config().upstream().toString(), p.config().auth().configName(),
                pool.strategy().configName(), pool.size(), states, usableNow(pool),
                availability.soonest().map(Instant::toString).orElse(null), p.rotationsAllowed(),
                p.config().maxWait().toSeconds(),
                views.stream().filter(KeyView::inUse).map(KeyView::id).findFirst().orElse(null),
                pool.choice().chosen(), p.config().startKey());
    }

    private KeyReport report(Provider p, KeyView v) {
        KeyMemory m = v.memory();
        Instant now = gateway.clock().instant();
        Readiness readiness = v.readiness();
        boolean usable = readiness.usable();
        boolean out = v.state() == m.state(); // else a cooldown that has ended: nothing keeps it out
        Map<String, String> models = new TreeMap<>();
        m.modelCooldowns().forEach((model, until) -> {
            if (now.isBefore(until)) {
                models.put(model, until.toString());
            }
        });
        Map<String, QuotaReport> quotas = new TreeMap<>();
        m.budgets().inOrder().forEach(b -> quotas.put(b.window(), QuotaReport.of(b, now)));
        Instant until = out ? m.until() : null;
        String reason = out ? m.reason() : null;
        Budget spent = m.budgets().firstSpent(now);
        if (readiness.why() == Readiness.Why.SPENT && spent != null) {
            until = readiness.backAt(); // out as a cooldown is, though its state is active
            reason = "spent: " + spent.describe(now);
        }
        return new KeyReport(p.id(), m.id(), v.label(), v.maskedSecret(),
                gateway.isAddedKey(p.id(), m.id()) ? "added" : "keyring", v.state().label(), m.health(), usable,
                v.inUse(), until == null ? null : until.toString(), out ? causeName(m) : null, reason, v.weight(),
                v.inFlight(), m.requests(), m.successes(), failures(m), models, quotas,
                v.stats().lastUsed() == null ? null : v.stats().lastUsed().toString(),
                StatsReport.Failure.of(v.stats().lastFailure()));
    }

    private static Map<String, Long> failures(KeyMemory m) {
        Map<String, Long> out = new TreeMap<>();
        m.failures().forEach((cls, n) -> out.put(cls.name().toLowerCase(java.util.Locale.ROOT), n));
        return out;
    }

    /** Adds up counters. */
    private static final class Counter {
        long requests;
        long successes;
        final Map<FailureClass, Long> failures = new EnumMap<>(FailureClass.class);

        void add(KeyMemory m) {
            requests += m.requests();
            successes += m.successes();
            m.failures().forEach((cls, n) -> failures.merge(cls, n, Long::sum));
        }

        StatsReport.Totals totals() {
            Map<String, Long> out = new TreeMap<>();
            failures.forEach((cls, n) -> out.put(cls.name().toLowerCase(java.util.Locale.ROOT), n));
            return new StatsReport.Totals(requests, successes, out);
        }
    }
}
