/**
 * What the management port shows without the admin token: the Prometheus scrape and the health check
 * ({@link org.keyrelay.camel.metrics.Monitoring}, routes/monitoring.camel.yaml), and the keyrelay meters behind them.
 * <p>
 * A new metric goes in {@link org.keyrelay.camel.metrics.KeyrelayMeters}: its name as a constant beside the others
 * (every metric and tag name lives there), its meter made where the provider's or key's meters are made, and kept up
 * to date from the pools' events or the rotation listener, never from a route.
 */
package org.keyrelay.camel.metrics;
