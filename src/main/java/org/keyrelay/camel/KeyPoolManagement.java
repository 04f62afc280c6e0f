package org.keyrelay.camel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import org.keyrelay.admin.AdminProblem;
import org.keyrelay.admin.KeyAdmin;
import org.keyrelay.admin.KeyReport;
import org.keyrelay.selection.Strategy;

/**
 * One provider's pool as a described standard MBean: every attribute, operation and parameter carries a
 * description (what Hawtio's JMX tree shows). Operations go through {@link KeyAdmin}, like the admin API and the
 * CLI; an unknown key or strategy fails with a message naming the known ones. Never exposes a secret.
 */
public final class KeyPoolManagement extends StandardMBean implements KeyPoolMBean {

    private static final Map<String, String> ATTRIBUTES = Map.of(
            "Provider", "The provider id: requests to /<id>/... use this pool",
            "Strategy", "How the next key is chosen: " + Strategy.names(),
            "Keys", "Each key as 'id  masked secret  state  health%' (secrets are never shown)",
            "States", "Each key's state by id: active, cooling (back at its cooldown's end), invalid (rejected by the"
                    + " provider), disabled (switched off by an operator)",
            "Health", "Each key's health score by id, 0-100: success +2, rate limit -15, quota -30, other failure -20",
            "Quotas", "What each key's provider last said is left of its windows (rate-limit headers, usage polls), by"
                    + " id; a spent window keeps the key out until it resets",
            "KeyCount", "How many keys the pool holds",
            "UsableKeys", "How many keys could serve a request now");

    private static final Map<String, String> OPERATIONS = Map.of(
            "rotate", "Move on from the key in use to the next usable one; returns its id",
            "use", "Send the next requests to this key while it is usable",
            "enable", "Bring a key back: active, full health, no cooldown",
            "disable", "Switch a key off until it is enabled again",
            "reset", "Forget a key's failures: its cooldown ends and its health is full (a disabled key stays disabled)",
            "setStrategy", "Choose how keys are picked (" + Strategy.names() + "); kept across restarts");

    private final KeyAdmin admin;
    private final String provider;

    public KeyPoolManagement(KeyAdmin admin, String provider) throws NotCompliantMBeanException {
        super(KeyPoolMBean.class);
        this.admin = admin;
        this.provider = provider;
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
    public String[] getKeys() {
        return keys().stream().map(k -> k.id() + "  " + k.secret() + "  " + k.state() + "  " + k.health() + "%")
                .toArray(String[]::new);
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
        return call(() -> "now using " + admin.rotate(provider).id());
    }

    @Override
    public String use(String keyId) {
        return call(() -> "now using " + admin.use(provider, keyId).id());
    }

    @Override
    public String enable(String keyId) {
        return call(() -> describe(admin.enable(provider, keyId)));
    }

    @Override
    public String disable(String keyId) {
        return call(() -> describe(admin.disable(provider, keyId)));
    }

    @Override
    public String reset(String keyId) {
        return call(() -> describe(admin.reset(provider, keyId)));
    }

    @Override
    public String setStrategy(String name) {
        return call(() -> "strategy " + admin.setStrategy(provider, name).strategy());
    }

    private List<KeyReport> keys() {
        return admin.keys(provider);
    }

    private static String describe(KeyReport k) {
        return k.id() + " " + k.state() + " " + k.health() + "%";
    }

    /** Operator mistakes become IllegalArgumentExceptions: JMX clients show their message. */
    private static String call(java.util.function.Supplier<String> operation) {
        try {
            return operation.get();
        } catch (AdminProblem e) {
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
        return "setStrategy".equals(op.getName()) ? "name" : "keyId";
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return "setStrategy".equals(op.getName()) ? "One of " + Strategy.names() : "The key's id (as in Keys)";
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        return MBeanOperationInfo.ACTION;
    }
}
