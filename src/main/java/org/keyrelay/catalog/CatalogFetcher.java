package org.keyrelay.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keyrelay.Provider;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.FailureClassifier;
import org.keyrelay.failure.UpstreamAnswer;
import org.keyrelay.failure.Verdict;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.Lease;

/**
 * Reads one provider's models from its upstream with the provider's own keys, the way the relay sends a request:
 * a key leased from the pool, the answer classified by the {@link FailureClassifier}, a key failure recorded on the
 * key (it cools like after any request) and the call sent again with the next usable key, up to the provider's key
 * switches. A caller fault (404, 405...) means the upstream does not serve that path. Blocking (the JDK HttpClient):
 * it runs on the management side, never on a client's request.
 * <p>
 * Steps: the list in the first style the upstream serves ({@link ModelsApi#candidates}); Ollama's
 * {@code /api/show} for each model (a key refused a model, MODEL_FORBIDDEN, is remembered for that model and the
 * next key is asked); then each other key's own list, once, to learn which models each key can reach.
 */
public final class CatalogFetcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 32 * 1024 * 1024;
    private static final int MAX_PAGES = 20;

    private final FailureClassifier classifier;
    private final Clock clock;
    private final Duration timeout;
    /** Built on the first read of a catalog: a gateway that never reads one never pays for it (startup). */
    private HttpClient http;

    public CatalogFetcher(FailureClassifier classifier, Clock clock, Duration timeout) {
        this.classifier = classifier;
        this.clock = clock;
        this.timeout = timeout;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER);
            if (!timeout.isZero()) { // 0: no limit
                b.connectTimeout(timeout);
            }
            http = b.build();
        }
        return http;
    }

    /** What a call came to: the answer of the key that served it, or why the path is not served. */
    private sealed interface Outcome permits Served, NotServed {}

    private record Served(String keyId, JsonNode body) implements Outcome {}

    private record NotServed(String why) implements Outcome {}

    private record Call(ModelsApi api, String method, String path, JsonNode body) {}

    /**
     * Reads the catalog of {@code provider}, asking {@code known} first when a previous read found it.
     *
     * @throws CatalogUnavailable when no key could read the list
     */
    public ProviderCatalog fetch(Provider provider, ModelsApi known) {
        List<ModelsApi> candidates = known != null ? List.of(known) : ModelsApi.candidates(provider.config());
        List<String> notServed = new ArrayList<>();
        for (ModelsApi api : candidates) {
            Map<String, List<String>> refused = new LinkedHashMap<>();
            Outcome listed = list(provider, api, null, refused);
            if (listed instanceof NotServed no) {
                notServed.add("GET " + api.listPath() + ": " + no.why());
                continue;
            }
            Served served = (Served) listed;
            List<ModelInfo> models;
            try {
                models = models(provider, api, served.body(), refused);
            } catch (ModelLists.NotAList e) {
                notServed.add("GET " + api.listPath() + ": " + e.getMessage());
                continue;
            }
            Map<String, List<String>> keyLists = new LinkedHashMap<>();
            keyLists.put(served.keyId(), ids(models));
            for (ApiKey key : provider.pool().keys()) {
                if (!keyLists.containsKey(key.id())) {
                    keysOwnList(provider, api, key.id()).ifPresent(list -> keyLists.put(key.id(), list));
                }
            }
            return new ProviderCatalog(provider.id(), api, clock.instant().truncatedTo(ChronoUnit.SECONDS), models, keyLists,
                    refused, null);
        }
        if (known != null) {
            return fetch(provider, null); // the style found before is gone: ask afresh
        }
        return ProviderCatalog.withoutEndpoint(provider.id(), clock.instant().truncatedTo(ChronoUnit.SECONDS), "the upstream serves no model list ("
                + String.join("; ", notServed) + ")");
    }

    /** The full list, every page of it, with rotation; {@code onlyKey}: that key alone, or empty. */
    private Outcome list(Provider provider, ModelsApi api, String onlyKey, Map<String, List<String>> refused) {
        if (api != ModelsApi.ANTHROPIC) {
            return call(provider, new Call(api, "GET", api.listPath(), null), null, onlyKey, refused);
        }
        // Anthropic pages its list: after_id=<last_id> until has_more is false
        com.fasterxml.jackson.databind.node.ArrayNode all = JSON.createArrayNode();
        String after = null;
        String keyId = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String path = api.listPath() + "?limit=1000" + (after == null ? "" : "&after_id="
                    + java.net.URLEncoder.encode(after, StandardCharsets.UTF_8));
            Outcome o = call(provider, new Call(api, "GET", path, null), null, keyId != null ? keyId : onlyKey, refused);
            if (!(o instanceof Served s)) {
                return o;
            }
            keyId = s.keyId();
            if (!s.body().path("data").isArray()) {
                return new NotServed("not a model list");
            }
            all.addAll((com.fasterxml.jackson.databind.node.ArrayNode) s.body().get("data"));
            after = ModelLists.anthropicNextPage(s.body());
            if (after == null) {
                break;
            }
        }
        return new Served(keyId, JSON.createObjectNode().set("data", all));
    }

    private List<ModelInfo> models(Provider provider, ModelsApi api, JsonNode list, Map<String, List<String>> refused) {
        return switch (api) {
            case OPENAI -> ModelLists.openAiModels(list);
            case ANTHROPIC -> ModelLists.anthropicModels(list);
            case OLLAMA -> {
                List<ModelInfo> out = new ArrayList<>();
                for (JsonNode tag : ModelLists.ollamaTags(list)) {
                    out.add(ModelLists.ollamaModel(tag, show(provider, ModelLists.ollamaName(tag), refused)));
                }
                yield out;
            }
        };
    }

    /** Ollama's details of one model, or null when no key could read them (the list's own details then). */
    private JsonNode show(Provider provider, String model, Map<String, List<String>> refused) {
        try {
            Outcome o = call(provider, new Call(ModelsApi.OLLAMA, "POST", "/api/show",
                    JSON.createObjectNode().put("model", model)), model, null, refused);
            return o instanceof Served s ? s.body() : null;
        } catch (CatalogUnavailable e) {
            return null;
        }
    }

    /** One key's own list (a single try on that key), when the key is usable now. */
    private Optional<List<String>> keysOwnList(Provider provider, ModelsApi api, String keyId) {
        try {
            Outcome o = list(provider, api, keyId, new LinkedHashMap<>());
            if (o instanceof Served s) {
                return Optional.of(ids(models(api, s.body())));
            }
        } catch (CatalogUnavailable | ModelLists.NotAList e) {
            // this key's list stays unknown
        }
        return Optional.empty();
    }

    private static List<ModelInfo> models(ModelsApi api, JsonNode list) {
        return switch (api) {
            case OPENAI -> ModelLists.openAiModels(list);
            case ANTHROPIC -> ModelLists.anthropicModels(list);
            case OLLAMA -> ModelLists.ollamaTags(list).stream().map(t -> ModelInfo.idOnly(ModelLists.ollamaName(t))).toList();
        };
    }

    /**
     * Sends {@code call} with one key after another until one answers 2xx (Served) or the upstream says the path is
     * not there (NotServed). With {@code onlyKey}: one try, on that key, if it is usable.
     */
    private Outcome call(Provider provider, Call call, String model, String onlyKey, Map<String, List<String>> refused) {
        int tries = onlyKey != null ? 1 : provider.rotationsAllowed() + 1;
        String last = null;
        for (int i = 0; i < tries; i++) {
            Optional<Lease> leased = provider.pool().acquire(model, onlyKey);
            if (leased.isEmpty()) {
                throw new CatalogUnavailable(provider.id(), "no key of provider '" + provider.id() + "' is usable now"
                        + (last == null ? "" : " (the last try: " + last + ")"));
            }
            Lease lease = leased.get();
            if (onlyKey != null && !lease.key().id().equals(onlyKey)) {
                lease.released();
                throw new CatalogUnavailable(provider.id(), "key " + onlyKey + " is not usable now");
            }
            UpstreamAnswer answer;
            try {
                answer = send(provider, call, lease.key());
            } catch (IOException e) {
                Verdict verdict = classifier.classifyConnectionFailure(e);
                lease.failed(verdict);
                last = "key " + lease.key().id() + ": " + verdict.reason();
                continue;
            }
            if (answer.status() / 100 == 2) {
                lease.succeeded();
                JsonNode body = json(answer.body());
                return body == null || !body.isObject() ? new NotServed("HTTP " + answer.status() + ", not JSON")
                        : new Served(lease.key().id(), body);
            }
            Verdict verdict = classifier.classify(answer);
            if (verdict.failureClass() == FailureClass.CALLER_FAULT) {
                lease.released();
                return new NotServed("HTTP " + answer.status());
            }
            lease.failed(verdict);
            if (verdict.failureClass() == FailureClass.MODEL_FORBIDDEN && model != null) {
                Set<String> keys = new LinkedHashSet<>(refused.getOrDefault(model, List.of()));
                keys.add(lease.key().id());
                refused.put(model, List.copyOf(keys));
            }
            last = "key " + lease.key().id() + ": " + verdict.reason();
        }
        throw new CatalogUnavailable(provider.id(), "provider '" + provider.id() + "' did not answer " + call.method()
                + " " + call.path() + " with any key (the last try: " + last + ")");
    }

    private UpstreamAnswer send(Provider provider, Call call, ApiKey key) throws IOException {
        String base = provider.config().upstream().toString();
        URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + call.path());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .header("Accept", "application/json")
                .header(provider.config().auth().headerName(), provider.config().auth().headerValue(key.secret().reveal()));
        if (!timeout.isZero()) {
            b.timeout(timeout);
        }
        if (call.api() == ModelsApi.ANTHROPIC) {
            b.header("anthropic-version", ModelsApi.ANTHROPIC_VERSION);
        }
        if (call.body() != null) {
            b.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(call.body())));
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<InputStream> r = http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                byte[] bytes = in.readNBytes(MAX_BODY);
                return new UpstreamAnswer(r.statusCode(), r.headers().map(), new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> ids(List<ModelInfo> models) {
        return models.stream().map(ModelInfo::id).toList();
    }
}
