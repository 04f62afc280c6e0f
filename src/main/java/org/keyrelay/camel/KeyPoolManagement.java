package org.keyrelay.camel;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.keyrelay.admin.KeyAction;
import org.keyrelay.admin.KeyAdmin;
import org.keyrelay.admin.KeyReport;
import org.keyrelay.admin.StatsReport;
import org.keyrelay.catalog.CatalogUnavailable;
import org.keyrelay.catalog.ModelCatalog;
import org.keyrelay.catalog.ModelTable;
import org.keyrelay.http.ProblemException;
import org.keyrelay.pool.LatencySummary;
import org.keyrelay.selection.Strategy;

/**
 * One provider's pool as a described standard MBean: every attribute, operation and parameter carries a
 * description (what Hawtio's JMX tree shows). Operations are the {@link KeyAction}s (but remove) and setStrategy,
 * done by {@link KeyAdmin} like the admin API and the CLI; an unknown key or strategy fails with a message naming the known ones. Never exposes a secret.
 */
public final class KeyPoolManagement extends StandardMBean implements KeyPoolMBean {

    private static final Map<String, String> ATTRIBUTES = Map.of(
            "Provider", "The provider id: requests to /<id>/... use this pool",
            "Strategy", "How the next key is chosen: " + Strategy.names(),
            "Keys", "Each key as 'id  masked secret  state  health%', its label beside the id when it has one (secrets"
                    + " are never shown)",
            "InUse", "The key in use: the one the next request goes to under the strategy (an operator's use or rotate,"
                    + " or the keyring's startKey, while it can serve); empty when no key can serve now",
            "States", "Each key's state by id: active, cooling (back at its cooldown's end), invalid (rejected by the"
                    + " provider), disabled (switched off by an operator)",
            "Health", "Each key's health score by id, 0-100: success +2, rate limit -15, quota -30, other failure -20",
            "Quotas", "What each key's provider last said is left of its windows (rate-limit headers, usage polls), by"
                    + " id; a spent window keeps the key out until it resets",
            "KeyCount", "How many keys the pool holds",
            "UsableKeys", "How many keys could serve a request now",
            "Statistics", "Each key's requests, success rate, requests today and in the last 7 days, latency and time"
                    + " to first byte (average, p50, p95 over the last 100 answers), tokens in / out, failures by"
                    + " class, the reason of the failure that put it out, when it was last used and its last failure"
                    + " with its reason");

    private static final Map<String, String> OPERATIONS = operations();

    private final KeyAdmin admin;
    private final String provider;
    private final ModelCatalog catalog;

    public KeyPoolManagement(KeyAdmin admin, String provider) throws NotCompliantMBeanException {
        this(admin, provider, null);
    }

    /** @param catalog the model catalog, or null where there is none (the {@code models} operation says so) */
    public KeyPoolManagement(KeyAdmin admin, String provider, ModelCatalog catalog) throws NotCompliantMBeanException {
        super(KeyPoolMBean.class);
        this.admin = admin;
        this.provider = provider;
        this.catalog = catalog;
    }

    @Override
    public String getProvider() {
        return provider;
    }

    @Override
    public String getStrategy() {
        return admin.provider(provider).strategy();
    }

    @Override
    public String[] getStatistics() {
        return admin.stats().providers().stream().filter(p -> p.id().equals(provider))
                .flatMap(p -> p.keys().stream()).map(KeyPoolManagement::statistics).toArray(String[]::new);
    }

    private static String statistics(StatsReport.KeyStats k) {
        return name(k.id(), k.label()) + "  " + k.requests() + " requests, "
                + (k.successRate() == null ? "no outcome yet" : k.successRate() + "% success")
                + ", today " + k.requestsToday() + ", 7 days " + k.requestsLast7Days()
                + ", latency avg/p50/p95 " + millis(k.latency())
                + ", ttfb avg/p50/p95 " + millis(k.timeToFirstByte())
                + ", tokens " + k.tokensIn() + " in / " + k.tokensOut() + " out"
                + ", " + k.successes() + " successes"
                + (k.failures().isEmpty() ? "" : ", failures " + k.failures())
                + (k.reason() == null ? "" : ", out: " + k.reason())
                + ", last used " + (k.lastUsed() == null ? "never" : k.lastUsed())
                + (k.lastFailure() == null ? ", no failure" : ", last failure " + k.lastFailure().at() + " "
                        + k.lastFailure().cause() + (k.lastFailure().reason() == null ? ""
                        : " (" + k.lastFailure().reason() + ")"));
    }

    /** The key's id, and its label beside it when it has one. */
    private static String name(String id, String label) {
        return label == null ? id : id + " \"" + label + "\"";
    }

    private static String millis(LatencySummary s) {
        return s.samples() == 0 ? "-" : Math.round(s.averageMillis()) + "/" + Math.round(s.p50Millis()) + "/"
                + Math.round(s.p95Millis()) + " ms";
    }

    @Override
    public String[] getKeys() {
        return keys().stream().map(k -> name(k.id(), k.label()) + "  " + k.secret() + "  " + k.state() + "  "
                + k.health() + "%").toArray(String[]::new);
    }

    @Override
    public String getInUse() {
        String inUse = admin.provider(provider).inUse();
        return inUse == null ? "" : inUse;
    }

    @Override
    public Map<String, String> getStates() {
        Map<String, String> out = new LinkedHashMap<>();
        keys().forEach(k -> out.put(k.id(), k.state()));
        return out;
    }

    @Override
    public Map<String, String> getQuotas() {
        Map<String, String> out = new LinkedHashMap<>();
        keys().forEach(k -> out.put(k.id(), String.join("; ",
                k.quotas().values().stream().map(org.keyrelay.admin.QuotaReport::text).toList())));
        return out;
    }

    @Override
    public Map<String, Integer> getHealth() {
        Map<String, Integer> out = new LinkedHashMap<>();
        keys().forEach(k -> out.put(k.id(), k.health()));
        return out;
    }

    @Override
    public int getKeyCount() {
        return admin.provider(provider).keys();
    }

    @Override
    public int getUsableKeys() {
        return admin.provider(provider).usableNow();
    }

    @Override
    public String rotate() {
        return act(KeyAction.ROTATE, null);
    }

    /** "refreshed: ID STATE HEALTH%, ..." for every key. */
    @Override
    public String refresh() {
        return call(() -> "refreshed: " + String.join(", ", admin.refresh(provider).keys().stream()
                .map(k -> k.id() + " " + k.state() + " " + k.health() + "%").toList()));
    }

    @Override
    public String use(String keyId) {
        return act(KeyAction.USE, keyId);
    }

    @Override
    public String enable(String keyId) {
        return act(KeyAction.ENABLE, keyId);
    }

    @Override
    public String disable(String keyId) {
        return act(KeyAction.DISABLE, keyId);
    }

    @Override
    public String reset(String keyId) {
        return act(KeyAction.RESET, keyId);
    }

    @Override
    public String setStrategy(String name) {
        return call(() -> "strategy " + admin.setStrategy(provider, name).strategy());
    }

    @Override
    public String models(boolean refresh) {
        if (catalog == null) {
            throw new IllegalArgumentException("This runtime has no model catalog");
        }
        return call(() -> {
            try {
                return ModelTable.render(catalog.report(admin.provider0(provider), refresh));
            } catch (CatalogUnavailable e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        });
    }

    private List<KeyReport> keys() {
        return admin.keys(provider);
    }

    /** "now using ID" when the action chose the key in use, else "ID STATE HEALTH%". */
    private String act(KeyAction action, String keyId) {
        return call(() -> {
            KeyReport k = admin.act(action, provider, keyId);
            return action.choosesKeyInUse() ? "now using " + k.id() : k.id() + " " + k.state() + " " + k.health() + "%";
        });
    }

    /** Each operation's description: the key actions' own, and setStrategy's. */
    private static Map<String, String> operations() {
        Map<String, String> out = new HashMap<>();
        for (KeyAction action : KeyAction.values()) {
            out.put(action.word(), action.description());
        }
        out.put("setStrategy", "Choose how keys are picked (" + Strategy.names() + "); kept across restarts");
        out.put("models", "The provider's models with context and output limits, capabilities and the keys that reach"
                + " each; refresh=true reads them from the provider now (else a list younger than the refresh period)");
        return Map.copyOf(out);
    }

    /** Operator mistakes become IllegalArgumentExceptions: JMX clients show their message. */
    private static String call(java.util.function.Supplier<String> operation) {
        try {
            return operation.get();
        } catch (ProblemException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return "Key pool of provider '" + provider + "': its keys (masked), their states and health, and the operator"
                + " actions on them";
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return ATTRIBUTES.getOrDefault(info.getName(), info.getDescription());
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return OPERATIONS.getOrDefault(info.getName(), info.getDescription());
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        if ("models".equals(op.getName())) {
            return "refresh";
        }
        return "setStrategy".equals(op.getName()) ? "name" : "keyId";
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        if ("models".equals(op.getName())) {
            return "true: read the list from the provider now; false: the list kept, unless older than the refresh period";
        }
        return "setStrategy".equals(op.getName()) ? "One of " + Strategy.names() : "The key's id (as in Keys)";
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        if ("models".equals(info.getName())) {
            return MBeanOperationInfo.ACTION_INFO;
        }
        return MBeanOperationInfo.ACTION;
    }
}
