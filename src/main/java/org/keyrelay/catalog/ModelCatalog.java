package org.keyrelay.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keyrelay.Gateway;
import org.keyrelay.Provider;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.pool.KeyView;

/**
 * Every provider's model catalog, read through {@link CatalogFetcher} and kept in {@link CatalogFile}: a catalog
 * younger than the refresh period (1 h by default) is answered from there, an older one (or a {@code refresh}) is
 * read again. When a refresh fails, the catalog read before is answered, marked stale with the reason; with none
 * before, {@link CatalogUnavailable}. One provider is read by one caller at a time; others wait for that answer.
 */
public final class ModelCatalog {

    public static final Duration DEFAULT_REFRESH = Duration.ofHours(1);

    private final CatalogFetcher fetcher;
    private final CatalogFile file;
    private final Duration refreshPeriod;
    private final Clock clock;
    private final String gatewayUrl;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private Map<String, ProviderCatalog> catalogs;

    /** @param gatewayUrl where clients reach the gateway ({@code http://127.0.0.1:8080}), for {@code baseUrl} */
    public ModelCatalog(CatalogFetcher fetcher, CatalogFile file, Duration refreshPeriod, Clock clock, String gatewayUrl) {
        if (refreshPeriod.isNegative() || refreshPeriod.isZero()) {
            throw new IllegalArgumentException("a refresh period must be longer than zero, not " + refreshPeriod);
        }
        this.fetcher = fetcher;
        this.file = file;
        this.refreshPeriod = refreshPeriod;
        this.clock = clock;
        this.gatewayUrl = gatewayUrl.endsWith("/") ? gatewayUrl.substring(0, gatewayUrl.length() - 1) : gatewayUrl;
    }

    /**
     * The catalog of {@code gateway}'s providers, kept in its state dir, with the URL clients reach it at in each
     * report's {@code baseUrl} (its host and port; a wildcard host is reached on loopback).
     */
    public static ModelCatalog of(Gateway gateway, Duration refreshPeriod, Duration timeout) {
        GatewaySettings s = gateway.settings();
        String host = s.host().equals("0.0.0.0") || s.host().equals("::") ? "127.0.0.1" : s.host();
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + s.port();
        return new ModelCatalog(new CatalogFetcher(gateway.classifier(), gateway.clock(), timeout),
                new CatalogFile(s.stateDir()), refreshPeriod, gateway.clock(), url);
    }

    public Duration refreshPeriod() {
        return refreshPeriod;
    }

    /**
     * The catalog of {@code provider}: the kept one while it is younger than the refresh period, else (or with
     * {@code refresh}) read from the provider now.
     *
     * @throws CatalogUnavailable when it must be read, cannot be, and none was read before
     */
    public ModelsReport report(Provider provider, boolean refresh) {
        synchronized (locks.computeIfAbsent(provider.id(), id -> new Object())) {
            ProviderCatalog catalog = kept(provider.id());
            String failure = null;
            if (refresh || catalog == null || !clock.instant().isBefore(catalog.fetchedAt().plus(refreshPeriod))) {
                try {
                    catalog = fetcher.fetch(provider, catalog == null ? null : catalog.api());
                    keep(catalog);
                } catch (CatalogUnavailable e) {
                    if (catalog == null) {
                        throw e;
                    }
                    failure = e.getMessage();
                }
            }
            return report(provider, catalog, failure);
        }
    }

    private ModelsReport report(Provider provider, ProviderCatalog catalog, String failure) {
        String baseUrl = gatewayUrl + "/" + provider.id();
        if (!catalog.hasEndpoint()) {
            return new ModelsReport(provider.id(), null, false, "Provider '" + provider.id() + "' has no models endpoint: "
                    + catalog.noEndpoint(), catalog.fetchedAt().toString(), false, baseUrl, List.of());
        }
        Instant now = clock.instant();
        List<KeyView> keys = provider.pool().view();
        List<ModelsReport.Model> models = new ArrayList<>();
        for (ModelInfo m : catalog.models()) {
            List<String> can = new ArrayList<>();
            List<String> cannot = new ArrayList<>();
            for (KeyView k : keys) {
                List<String> own = catalog.keyLists().get(k.id());
                Instant cooledUntil = k.memory().modelCooldowns().get(m.id());
                boolean refused = catalog.refused().getOrDefault(m.id(), List.of()).contains(k.id())
                        || (own != null && !own.contains(m.id())) || (cooledUntil != null && cooledUntil.isAfter(now));
                if (refused) {
                    cannot.add(k.id());
                } else if (own != null) {
                    can.add(k.id());
                }
            }
            models.add(new ModelsReport.Model(m.id(), m.name(), m.context(), m.output(), m.capabilities(), m.input(),
                    m.family(), m.parameterSize(), m.quantization(), m.pricing(), can, cannot));
        }
        return new ModelsReport(provider.id(), catalog.api().configName(), true,
                failure == null ? null : "The refresh failed, this is the list of " + catalog.fetchedAt() + ": " + failure,
                catalog.fetchedAt().toString(), failure != null, baseUrl, models);
    }

    private synchronized ProviderCatalog kept(String provider) {
        if (catalogs == null) {
            catalogs = new LinkedHashMap<>(file.load());
        }
        return catalogs.get(provider);
    }

    private synchronized void keep(ProviderCatalog catalog) {
        catalogs.put(catalog.provider(), catalog);
        file.save(catalogs);
    }
}
