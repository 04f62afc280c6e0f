/**
 * How the gateway is configured, in plain Java: {@link org.keyrelay.config.GatewaySettings} from the command line
 * and the environment (ports, state dir, management, shared state), and the keyring
 * ({@link org.keyrelay.config.Keyring}: providers, their keys and settings) read by
 * {@link org.keyrelay.config.KeyringParser} from keyring.yaml and its environment variables
 * ({@link org.keyrelay.config.KeyringFiles}, {@link org.keyrelay.config.EnvKeys}), watched for live reloads by
 * {@link org.keyrelay.config.FileWatcher}. A bad value fails with a {@link org.keyrelay.config.KeyringException} or an
 * IllegalArgumentException naming the setting, the value and what is allowed.
 * <p>
 * A new setting goes here: parsed and checked in the one class that reads its source, and handed on as a value.
 */
package org.keyrelay.config;
