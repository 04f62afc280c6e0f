package org.keyrelay.store;

/**
 * How the key-state store is doing, for the log, the admin API and metrics ({@code keyrelay_state_store_errors_total}).
 *
 * @param kind      "file" or "redis"
 * @param location  where the state is (a path, or redis://host:port/db without any password)
 * @param reachable whether the store answers now (the file store always does)
 * @param errors    operations on the store that failed since the gateway started (writes, round-robin turns,
 *                  lost subscriptions); the gateway kept serving on its own view meanwhile
 */
public record StoreStatus(String kind, String location, boolean reachable, long errors) {
}
