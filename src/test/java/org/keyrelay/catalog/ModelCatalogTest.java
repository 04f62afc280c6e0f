package org.keyrelay.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.Provider;
import org.keyrelay.config.ProviderConfig;
import org.keyrelay.failure.FailureClassifier;
import org.keyrelay.failure.FailurePhrases;
import org.keyrelay.http.AuthStyle;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.CooldownPolicy;
import org.keyrelay.pool.CooldownSettings;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyState;
import org.keyrelay.pool.KeyView;
import org.keyrelay.pool.Secret;
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.FakeModelsProvider;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.StubUpstream;
import org.keyrelay.support.StubUpstream.Answer;

/** The catalog read from a real loopback upstream in each provider's shape, with the provider's pool of keys. */
class ModelCatalogTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path stateDir;

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final StubUpstream upstream = open();

    @AfterEach
    void close() {
        upstream.close();
    }

    private static StubUpstream open() {
        try {
            return new StubUpstream();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Provider provider(AuthStyle auth, String... ids) {
        List<ApiKey> keys = new ArrayList<>();
        for (String id : ids) {
            keys.add(new ApiKey(id, new Secret("key-" + id), 1));
        }
        ProviderConfig config = new ProviderConfig("p", URI.create(upstream.baseUrl()), auth, Strategy.FILL_FIRST, null,
                Duration.ofSeconds(30), null, keys);
        return new Provider(config, new KeyPool("p", keys, Strategy.FILL_FIRST,
                new CooldownPolicy(CooldownSettings.defaults()), clock));
    }

    private ModelCatalog catalog() {
        return new ModelCatalog(new CatalogFetcher(new FailureClassifier(FailurePhrases.defaults(), clock), clock,
                Duration.ofSeconds(5)), new CatalogFile(stateDir), ModelCatalog.DEFAULT_REFRESH, clock,
                "http://127.0.0.1:8080");
    }

    private static ModelsReport.Model model(ModelsReport report, String id) {
        return report.models().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    private long requests(String path) {
        return upstream.received().stream().filter(r -> r.path().equals(path)).count();
    }

    @Test
    void should_read_ollama_context_capabilities_and_details_from_tags_and_show() {
        upstream.otherwise(FakeModelsProvider.ollama());

        ModelsReport report = catalog().report(provider(AuthStyle.BEARER, "b"), false);

        assertEquals("ollama", report.api());
        assertEquals("http://127.0.0.1:8080/p", report.baseUrl());
        assertEquals(List.of("gpt-oss:120b", "qwen3-vl:235b", "embeddinggemma:300m"),
                report.models().stream().map(ModelsReport.Model::id).toList());
        ModelsReport.Model gptOss = model(report, "gpt-oss:120b");
        assertEquals(131072, gptOss.context());
        assertNull(gptOss.output(), "Ollama states no output limit");
        assertEquals(List.of("completion", "tools", "thinking"), gptOss.capabilities());
        assertEquals("gptoss", gptOss.family());
        assertEquals("116.8B", gptOss.parameterSize());
        assertEquals("MXFP4", gptOss.quantization());
        ModelsReport.Model vl = model(report, "qwen3-vl:235b");
        assertEquals(262144, vl.context());
        assertEquals(List.of("text", "image"), vl.input());
        assertEquals(List.of("embedding"), model(report, "embeddinggemma:300m").capabilities());
        assertEquals(List.of("POST"), upstream.received().stream().filter(r -> r.path().equals("/api/show"))
                .map(StubUpstream.Received::method).distinct().toList());
        assertTrue(upstream.received().stream().allMatch(r -> "key-b".equals(r.key())), "the pool's key was sent");
    }

    @Test
    void should_know_which_keys_reach_which_model() {
        upstream.otherwise(FakeModelsProvider.ollama());
        Provider provider = provider(AuthStyle.BEARER, "a", "b", "c");

        ModelsReport report = catalog().report(provider, false);

        // a was refused qwen3-vl on /api/show: b answered instead, and the pool cools that model on a
        ModelsReport.Model vl = model(report, FakeModelsProvider.REFUSED_TO_A);
        assertEquals(262144, vl.context(), "the next key read the details");
        assertEquals(List.of("b", "c"), vl.keys());
        assertEquals(List.of("a"), vl.refused());
        KeyView a = provider.pool().view().get(0);
        assertTrue(a.memory().modelCooldowns().containsKey(FakeModelsProvider.REFUSED_TO_A));
        assertEquals(KeyState.ACTIVE, a.memory().state(), "a still serves every other model");
        // c's own list lacks gpt-oss:120b
        ModelsReport.Model gptOss = model(report, FakeModelsProvider.MISSING_FOR_C);
        assertEquals(List.of("a", "b"), gptOss.keys());
        assertEquals(List.of("c"), gptOss.refused());
        assertEquals(List.of("a", "b", "c"), model(report, "embeddinggemma:300m").keys());
        assertEquals(3, requests("/api/tags"), "each key's own list, once");
    }

    @Test
    void should_read_what_openrouter_adds_to_the_openai_list() {
        upstream.otherwise(FakeModelsProvider.openRouter());

        ModelsReport report = catalog().report(provider(AuthStyle.BEARER, "a"), false);

        assertEquals("openai", report.api(), "/api/tags answered 404: the OpenAI-compatible list");
        ModelsReport.Model kimi = model(report, "moonshotai/kimi-k2-thinking");
        assertEquals("MoonshotAI: Kimi K2 Thinking", kimi.name());
        assertEquals(262144, kimi.context());
        assertEquals(16384, kimi.output());
        assertEquals(List.of("completion", "tools", "thinking"), kimi.capabilities());
        assertEquals("0.00000045", kimi.pricing().get("prompt"));
        ModelsReport.Model sonnet = model(report, "anthropic/claude-sonnet-4.5");
        assertEquals(List.of("text", "image", "file"), sonnet.input());
        assertTrue(sonnet.capabilities().contains("vision"));
        assertEquals(64000, sonnet.output());
    }

    @Test
    void should_read_plain_openai_ids() {
        upstream.otherwise(FakeModelsProvider.openAi());

        ModelsReport report = catalog().report(provider(AuthStyle.BEARER, "a"), false);

        assertEquals(List.of("gpt-4.1", "gpt-4.1-mini"), report.models().stream().map(ModelsReport.Model::id).toList());
        assertNull(model(report, "gpt-4.1").context());
        assertTrue(model(report, "gpt-4.1").capabilities().isEmpty());
    }

    @Test
    void should_read_every_anthropic_page_with_the_version_header() {
        upstream.otherwise(FakeModelsProvider.anthropic());

        ModelsReport report = catalog().report(provider(AuthStyle.X_API_KEY, "a"), false);

        assertEquals("anthropic", report.api());
        assertEquals(List.of("claude-sonnet-4-5-20250929", "claude-3-5-haiku-20241022"),
                report.models().stream().map(ModelsReport.Model::id).toList());
        ModelsReport.Model sonnet = model(report, "claude-sonnet-4-5-20250929");
        assertEquals("Claude Sonnet 4.5", sonnet.name());
        assertEquals(200000, sonnet.context());
        assertEquals(64000, sonnet.output());
        assertEquals(List.of("completion", "tools", "vision", "thinking"), sonnet.capabilities());
        assertNull(model(report, "claude-3-5-haiku-20241022").context(), "no limits in the answer: unknown");
        assertEquals(0, requests("/api/tags"), "an x-api-key provider is asked Anthropic's list only");
        assertTrue(upstream.received().stream().allMatch(r -> "key-a".equals(r.header("x-api-key"))));
    }

    @Test
    void should_rotate_past_a_key_the_provider_rejects() {
        upstream.otherwise(FakeModelsProvider.openAi());
        upstream.script("key-a", Answer.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\","
                + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        Provider provider = provider(AuthStyle.BEARER, "a", "b");

        ModelsReport report = catalog().report(provider, false);

        assertEquals(2, report.models().size());
        assertEquals(KeyState.INVALID, provider.pool().view().get(0).memory().state(), "the key failed like on any request");
        assertEquals("ab", upstream.keySequence().substring(0, 2));
        assertEquals(List.of("b"), model(report, "gpt-4.1").keys(), "a's own list is unknown: in neither list");
        assertTrue(model(report, "gpt-4.1").refused().isEmpty());
    }

    @Test
    void should_say_so_when_the_provider_has_no_models_endpoint() {
        upstream.otherwise(FakeModelsProvider::notFound);

        ModelsReport report = catalog().report(provider(AuthStyle.BEARER, "a"), false);

        assertFalse(report.modelsEndpoint());
        assertTrue(report.models().isEmpty());
        assertTrue(report.message().contains("has no models endpoint"), report.message());
        assertTrue(report.message().contains("GET /api/tags: HTTP 404") && report.message().contains("GET /v1/models: HTTP 404"),
                report.message());
    }

    @Test
    void should_fail_clearly_when_the_models_endpoint_fails_and_answer_the_last_list_after_that() {
        upstream.otherwise(FakeModelsProvider.openAi());
        ModelCatalog catalog = catalog();
        Provider provider = provider(AuthStyle.BEARER, "a", "b");
        catalog.report(provider, false);

        upstream.otherwise(r -> Answer.json(503, "{\"error\":{\"message\":\"the server had an error\"}}"));
        clock.advance(Duration.ofMinutes(61));
        ModelsReport stale = catalog.report(provider, false);
        assertTrue(stale.stale());
        assertEquals(2, stale.models().size(), "the list read before");
        assertTrue(stale.message().contains("did not answer GET /v1/models") && stale.message().contains("HTTP 503"),
                stale.message());

        ModelCatalog fresh = new ModelCatalog(new CatalogFetcher(new FailureClassifier(FailurePhrases.defaults(), clock),
                clock, Duration.ofSeconds(5)), new CatalogFile(stateDir.resolve("other")), ModelCatalog.DEFAULT_REFRESH,
                clock, "http://127.0.0.1:8080");
        clock.advance(Duration.ofMinutes(10)); // the transient cooldowns are over
        CatalogUnavailable none = assertThrows(CatalogUnavailable.class, () -> fresh.report(provider, false));
        assertTrue(none.getMessage().contains("provider 'p'"), none.getMessage());
    }

    @Test
    void should_keep_a_list_for_the_refresh_period_across_restarts_and_refresh_on_demand() throws Exception {
        upstream.otherwise(FakeModelsProvider.openAi());
        Provider provider = provider(AuthStyle.BEARER, "a");
        catalog().report(provider, false);
        long first = requests("/v1/models");
        assertTrue(Files.isRegularFile(stateDir.resolve("models.json")));
        assertFalse(Files.readString(stateDir.resolve("models.json")).contains("key-a"), "no secret in the file");

        clock.advance(Duration.ofMinutes(59));
        ModelsReport kept = catalog().report(provider, false); // a new catalog: a restarted gateway
        assertEquals(first, requests("/v1/models"), "read from the state dir");
        assertEquals(NOW.toString(), kept.fetchedAt());
        assertEquals(List.of("a"), model(kept, "gpt-4.1").keys());
        assertEquals(1, requests("/api/tags"), "the style found is asked directly");

        catalog().report(provider, true);
        assertEquals(first + 1, requests("/v1/models"), "refresh=true reads it now");

        clock.advance(Duration.ofMinutes(61));
        ModelsReport later = catalog().report(provider, false);
        assertEquals(first + 2, requests("/v1/models"), "older than the refresh period: read again");
        assertEquals(clock.instant().toString(), later.fetchedAt());
        assertEquals(Map.of(), later.models().get(0).pricing());
    }
}
