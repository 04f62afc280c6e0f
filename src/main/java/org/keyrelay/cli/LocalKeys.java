package org.keyrelay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.keyrelay.Gateway;
import org.keyrelay.admin.KeyAction;
import org.keyrelay.admin.KeyAdmin;
import org.keyrelay.admin.KeyTransfer;
import org.keyrelay.catalog.CatalogUnavailable;
import org.keyrelay.catalog.ModelCatalog;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.KeyringException;
import org.keyrelay.config.KeyringFiles;
import org.keyrelay.http.ProblemException;
import org.keyrelay.store.FileKeyStateStore;
import org.keyrelay.store.ManagedKeysFile;
import org.keyrelay.store.StateLockedException;

/**
 * The files of a state dir, when no gateway runs: the keyring (as this shell's environment resolves it),
 * keys.json and state.json, loaded into the same pools the gateway builds and changed through the same
 * {@link KeyAdmin}. Closing writes the state back. The caller holds the keys.json lock throughout, and this holds
 * the key state's store lock (see FileKeyStateStore) from the first read to the last write.
 */
final class LocalKeys implements KeyBackend {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STATE_LOCK_PATIENCE = Duration.ofMillis(500);
    private static final Duration MODELS_TIMEOUT = Duration.ofSeconds(30);

    private final GatewaySettings settings;
    private final Gateway gateway;
    private final KeyAdmin admin;
    private final KeyTransfer transfer;

    LocalKeys(GatewaySettings settings, Map<String, String> env, Clock clock) {
        this.settings = settings;
        Keyring keyring;
        try {
            keyring = KeyringFiles.load(settings.keyring(), env);
        } catch (KeyringException e) {
            throw CliFailure.failed(e.getMessage());
        }
        FileKeyStateStore store;
        try {
            // the key state's store lock for the whole run: a gateway starting meanwhile waits, then reads our write
            store = FileKeyStateStore.owner(settings.stateDir(), clock, STATE_LOCK_PATIENCE, "keyrelay keys (offline)");
        } catch (StateLockedException e) {
            throw CliFailure.failed("a gateway holds the key state in " + settings.stateDir() + " (" + e.holder()
                    + "); is it still starting? Run this again once it answers");
        }
        try {
            this.gateway = new Gateway(settings, keyring, new MergingStateStore(store),
                    new ManagedKeysFile(settings.stateDir()), clock);
        } catch (IllegalStateException e) {
            store.close();
            throw CliFailure.failed(e.getMessage());
        }
        this.admin = new KeyAdmin(gateway);
        this.transfer = new KeyTransfer(gateway);
    }

    @Override
    public String where() {
        return "the files in " + settings.stateDir() + " (no gateway is running for it)";
    }

    @Override
    public JsonNode providers() {
        return json(() -> Map.of("providers", admin.providers()));
    }

    @Override
    public JsonNode keys(String provider) {
        return json(() -> admin.pool(provider));
    }

    @Override
    public JsonNode add(String provider, String secret, String id, Integer weight, String label) {
        return json(() -> Map.of("key", admin.addKey(provider, id, secret, weight, label)));
    }

    @Override
    public JsonNode act(KeyAction action, String provider, String id) {
        return json(() -> action.onEveryKey() ? admin.refresh(provider) : admin.act(action, provider, id));
    }

    /** Key events happen in a running gateway only. */
    @Override
    public void events(String provider, Consumer<String> each) {
        throw CliFailure.failed("`keys watch` follows a running gateway's key events, and no gateway is running for "
                + settings.stateDir() + ": start it, then run this again");
    }

    @Override
    public JsonNode strategy(String provider, String name) {
        return json(() -> Map.of("provider", admin.setStrategy(provider, name)));
    }

    @Override
    public JsonNode stats() {
        return json(admin::stats);
    }

    @Override
    public byte[] export(char[] password) {
        try {
            return transfer.export(password);
        } catch (ProblemException e) {
            throw CliFailure.failed(e.getMessage());
        }
    }

    @Override
    public JsonNode importFile(byte[] file, char[] password) {
        return json(() -> transfer.importFile(file, password));
    }

    /** Read with the keyring's keys (their state is written back on close), kept in the state dir like the gateway's. */
    @Override
    public JsonNode models(String provider, boolean refresh) {
        return json(() -> {
            try {
                return ModelCatalog.of(gateway, ModelCatalog.DEFAULT_REFRESH, MODELS_TIMEOUT)
                        .report(admin.provider0(provider), refresh);
            } catch (CatalogUnavailable e) {
                throw CliFailure.failed(e.getMessage());
            }
        });
    }

    private static JsonNode json(Supplier<Object> work) {
        try {
            return JSON.valueToTree(work.get());
        } catch (ProblemException e) {
            throw CliFailure.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
