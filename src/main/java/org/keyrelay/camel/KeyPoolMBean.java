package org.keyrelay.camel;

import java.util.Map;

/**
 * The JMX face of one provider's key pool ({@code keyrelay:type=KeyPool,provider=<id>}), as Hawtio shows it.
 * Keys appear by id and masked secret only. Descriptions live in {@link KeyPoolManagement}.
 */
public interface KeyPoolMBean {

    String getProvider();

    String getStrategy();

    /** Each key: {@code id  masked-secret  state  health%} (a key with a label: {@code id "label"  ...}). */
    String[] getKeys();

    /** The key the next request goes to under the strategy (asked without taking a turn); empty when none can serve. */
    String getInUse();

    Map<String, String> getStates();

    Map<String, Integer> getHealth();

    /** Each key's budget windows in words ("weekly 73 % used (27 of 100 left), resets Mon 00:00 UTC"), by key id. */
    Map<String, String> getQuotas();

    /** Each key: requests, success %, today / 7 days, latency and time to first byte, tokens, failures. */
    String[] getStatistics();

    int getKeyCount();

    int getUsableKeys();

    String rotate();

    /** Every key of the provider reset at once; disabled keys stay disabled. */
    String refresh();

    String use(String keyId);

    String enable(String keyId);

    String disable(String keyId);

    String reset(String keyId);

    String setStrategy(String name);

    /** The provider's models as a table (model, context, output, capabilities, keys); {@code refresh} reads them anew. */
    String models(boolean refresh);
}
