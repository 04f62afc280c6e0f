/**
 * How a provider's strategy picks one key among those selectable now: a sealed
 * {@link org.keyrelay.selection.KeySelector} and one small class per strategy (round-robin, health-based, sticky,
 * least-used, fill-first, weighted, health-sticky), named in the keyring by {@link org.keyrelay.selection.Strategy}. A selector sees
 * only {@link org.keyrelay.selection.Candidate}s (id, position, weight, health, load), never a key's state: which keys
 * may serve is decided in {@code pool/} ({@code Readiness}), before a selector is asked. A new strategy is one class
 * here and one constant of {@code Strategy}, with a test whose expected key sequence reads as a string ("abab").
 */
package org.keyrelay.selection;
