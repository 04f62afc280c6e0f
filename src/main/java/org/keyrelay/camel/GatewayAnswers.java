package org.keyrelay.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.keyrelay.Provider;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.UpstreamAnswer;
import org.keyrelay.http.ApiStyle;
import org.keyrelay.http.HeaderNames;
import org.keyrelay.http.Problem;
import org.keyrelay.http.ProblemException;
import org.keyrelay.http.ProblemFormat;
import org.keyrelay.http.ResponseHeaders;
import org.keyrelay.http.RetryAdvice;
import org.keyrelay.http.SpentPool;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.KeyRecord;
import org.keyrelay.pool.Readiness;
import org.keyrelay.pool.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers the gateway gives when it does not relay a success, one method per case named in routes/.
 * Every error of the gateway's own is a {@link Problem}, written in the envelope of the API the client speaks on its
 * route ({@link ApiStyle}, decided by {@link RequestIntake}). When no key can serve, the client gets one answer made
 * for it ({@link SpentPool}: 429 with why each key is out and when the first is back), never the last upstream error
 * of a spent pool, which could read as the client's own credentials (a 401, a 403 billing body); nor when the
 * request used up its key switches while keys are left ({@link SpentPool#rotationsUsedUp}). Upstream errors go back
 * as the upstream sent them (a provider key in them masked) when the request is at fault and when the upstream is
 * down.
 */
public final class GatewayAnswers {

    /** Exchange property: the {@link ApiStyle} of the client's route. */
    public static final String API_STYLE = "keyrelay.apiStyle";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayAnswers.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    public GatewayAnswers(Clock clock) {
        this.clock = clock;
    }

    /**
     * Rotation ended: after a key failure, the pool's answer (every key out, or the request's key switches used up);
     * after a caller fault or an upstream that is down, the last upstream answer.
     */
    public void upstreamAnswer(Exchange exchange) {
        UpstreamFailureException failure = Rotation.caught(exchange, UpstreamFailureException.class);
        RequestContext context = RequestContext.of(exchange);
        FailureClass failureClass = failure.verdict().failureClass();
        SpentPool spent = spentPool(context);
        int size = context.provider().pool().size();
        boolean allOut = !spent.keys().isEmpty() && spent.keys().size() == size;
        if (failureClass != FailureClass.CALLER_FAULT && failureClass != FailureClass.TRANSIENT) {
            if (allOut) {
                answer(exchange, spent.problem(), headers(spent), failure.keyId());
                return;
            }
            Problem usedUp = spent.rotationsUsedUp(context.failures(), size - spent.keys().size(),
                    context.provider().rotationsAllowed());
            answer(exchange, usedUp, usedUp.status() == 429 ? RetryAdvice.now(spent.now()).headers() : List.of(),
                    failure.keyId());
            return;
        }
        Optional<RetryAdvice> advice = allOut ? spent.advice().filter(RetryAdvice::worthSleeping) : Optional.empty();
        UpstreamAnswer answer = failure.answer();
        if (answer == null) {
            answer(exchange, new Problem(502, "upstream_unreachable", "Provider '" + context.provider().id()
                    + "' could not be reached: " + failure.verdict().reason() + ".",
                    Map.of("provider", context.provider().id())),
                    advice.map(RetryAdvice::headers).orElse(List.of()), failure.keyId());
            return;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        List<Secret> secrets = context.provider().pool().keys().stream().map(ApiKey::secret).toList();
        for (Map.Entry<String, String> h : ResponseHeaders.forClient(answer.headers())) {
            if (!(advice.isPresent() && h.getKey().equalsIgnoreCase("retry-after"))) {
                headers.add(Map.entry(h.getKey(), scrubbed(h.getValue(), secrets)));
            }
        }
        advice.ifPresent(a -> headers.addAll(a.headers()));
        headers.add(Map.entry(HeaderNames.KEY, failure.keyId()));
        headers.add(Map.entry(HeaderNames.ATTEMPTS, Integer.toString(context.attempts())));
        exchange.getMessage().setBody(new ClientResponse(answer.status(), headers,
                scrubbed(answer.body(), secrets).getBytes(StandardCharsets.UTF_8)));
    }

    /** An upstream's text with any of the provider's secrets in it masked: an error that repeats the key stops here. */
    static String scrubbed(String text, List<Secret> secrets) {
        String out = text;
        for (Secret secret : secrets) {
            if (out.contains(secret.reveal())) {
                out = out.replace(secret.reveal(), secret.masked());
            }
        }
        return out;
    }

    /**
     * A problem as the body the ingress or the management port writes itself, before a request reaches the routes
     * (a request head too slow to know its route): Keyrelay's own envelope.
     */
    public static byte[] body(Problem problem) {
        try {
            return JSON.writeValueAsBytes(ProblemFormat.KEYRELAY.render(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A problem as the body of an answer in the API style of the client's route. */
    public static byte[] body(Problem problem, ApiStyle style) {
        try {
            return JSON.writeValueAsBytes(style.format().render(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every key is out and none is back within maxWait: the pool's answer. */
    public void keysExhausted(Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        SpentPool spent = spentPool(context);
        answer(exchange, spent.problem(), headers(spent), context.lastKeyId());
    }

    /** The gateway refused the request itself (401, 404, 413, 503 no_keys...): asking again changes nothing. */
    public void rejection(Exchange exchange) {
        Problem problem = Rotation.caught(exchange, ProblemException.class).problem();
        answer(exchange, problem, problem.status() >= 500 ? RetryAdvice.never() : List.of(), null);
    }

    /** Anything unexpected: logged here, a plain 500 for the client, nothing internal in the body. */
    public void internalError(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("Request {} failed inside the gateway", exchange.getExchangeId(), cause);
        answer(exchange, new Problem(500, "gateway_error", "The gateway failed to handle this request; see its log.",
                Map.of()), List.of(), null);
    }

    private static List<Map.Entry<String, String>> headers(SpentPool spent) {
        return spent.advice().map(RetryAdvice::headers).orElseGet(RetryAdvice::never);
    }

    /** The keys of the request's provider that cannot serve it now, and why (the pool's {@link Readiness}). */
    private SpentPool spentPool(RequestContext context) {
        Instant now = clock.instant();
        Provider provider = context.provider();
        String model = context.request().model();
        List<SpentPool.KeyOut> out = new ArrayList<>();
        for (KeyRecord key : provider.pool().records()) {
            Readiness readiness = Readiness.of(key, 0, now, model);
            if (readiness.selectable()) {
                continue;
            }
            String reason = key.reason() == null ? key.state().label() : key.reason();
            out.add(switch (readiness.why()) {
                case DISABLED -> new SpentPool.KeyOut(key.id(), null, "disabled by an operator", null);
                case MODEL_COOLING -> new SpentPool.KeyOut(key.id(), FailureClass.MODEL_FORBIDDEN,
                        "may not use " + model, readiness.backAt());
                case ON_PROBATION -> new SpentPool.KeyOut(key.id(), key.cause(), "on probation after " + reason,
                        readiness.backAt());
                default -> new SpentPool.KeyOut(key.id(), key.cause(), reason, readiness.backAt());
            });
        }
        return new SpentPool(provider.id(), out, now, provider.config().envKeys());
    }

    private void answer(Exchange exchange, Problem problem, List<Map.Entry<String, String>> extra, String keyId) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", "application/json"));
        headers.addAll(extra);
        RequestContext context = RequestContext.of(exchange);
        if (keyId != null) {
            headers.add(Map.entry(HeaderNames.KEY, keyId));
        }
        headers.add(Map.entry(HeaderNames.ATTEMPTS, Integer.toString(context == null ? 0 : context.attempts())));
        ApiStyle style = exchange.getProperty(API_STYLE, ApiStyle.OPENAI, ApiStyle.class);
        exchange.getMessage().setBody(new ClientResponse(problem.status(), headers, body(problem, style)));
    }
}
