package org.keyrelay.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.keyrelay.failure.UpstreamAnswer;
import org.keyrelay.http.HeaderNames;
import org.keyrelay.http.Problem;
import org.keyrelay.http.ProblemException;
import org.keyrelay.http.ProblemFormat;
import org.keyrelay.http.ResponseHeaders;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers the gateway gives when it does not relay a success, one method per case named in routes/.
 * Every error of the gateway's own is a {@link Problem}, written by {@link ProblemFormat#KEYRELAY}; upstream errors go
 * back as the upstream sent them, except that a provider key in them is masked.
 */
public final class GatewayAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayAnswers.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;

    public GatewayAnswers(Clock clock) {
        this.clock = clock;
    }

    /** Rotation ended (caller fault, or no key left to try): the last upstream status and body, as they were. */
    public void upstreamAnswer(Exchange exchange) {
        UpstreamFailureException failure = Rotation.caught(exchange, UpstreamFailureException.class);
        RequestContext context = RequestContext.of(exchange);
        Optional<Long> retryAfter = secondsUntilAKeyIsBack(context);
        UpstreamAnswer answer = failure.answer();
        if (answer == null) {
            answer(exchange, new Problem(502, "upstream_unreachable", "Provider '" + context.provider().id()
                    + "' could not be reached: " + failure.verdict().reason() + ".",
                    Map.of("provider", context.provider().id())), retryAfter, failure.keyId());
            return;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        List<Secret> secrets = context.provider().pool().keys().stream().map(ApiKey::secret).toList();
        for (Map.Entry<String, String> h : ResponseHeaders.forClient(answer.headers())) {
            if (!(retryAfter.isPresent() && h.getKey().equalsIgnoreCase("retry-after"))) {
                headers.add(Map.entry(h.getKey(), scrubbed(h.getValue(), secrets)));
            }
        }
        retryAfter.ifPresent(s -> headers.add(Map.entry("Retry-After", Long.toString(s))));
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

    /** A problem as the body the ingress writes itself (before a request reaches the routes): the same JSON. */
    public static byte[] body(Problem problem) {
        try {
            return JSON.writeValueAsBytes(ProblemFormat.KEYRELAY.render(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every key is cooling and none is back within maxWait: 429 with when to come back. */
    public void keysExhausted(Exchange exchange) {
        KeysCoolingException cooling = Rotation.caught(exchange, KeysCoolingException.class);
        long seconds = secondsUntil(cooling.soonest());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", cooling.provider());
        details.put("retry_after_seconds", seconds);
        RequestContext context = RequestContext.of(exchange);
        answer(exchange, new Problem(429, "keys_exhausted", "Every key of provider '" + cooling.provider()
                + "' is cooling down; the first is back in " + seconds + " s.", details), Optional.of(seconds),
                context == null ? null : context.lastKeyId());
    }

    /** The gateway refused the request itself (401, 404, 413, 503 no_keys...). */
    public void rejection(Exchange exchange) {
        answer(exchange, Rotation.caught(exchange, ProblemException.class).problem(), Optional.empty(), null);
    }

    /** Anything unexpected: logged here, a plain 500 for the client, nothing internal in the body. */
    public void internalError(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("Request {} failed inside the gateway", exchange.getExchangeId(), cause);
        answer(exchange, new Problem(500, "gateway_error", "The gateway failed to handle this request; see its log.",
                Map.of()), Optional.empty(), null);
    }

    private Optional<Long> secondsUntilAKeyIsBack(RequestContext context) {
        return context.provider().pool().availability(context.request().model()).soonest().map(this::secondsUntil);
    }

    private long secondsUntil(Instant instant) {
        long millis = Duration.between(clock.instant(), instant).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private void answer(Exchange exchange, Problem problem, Optional<Long> retryAfter, String keyId) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", "application/json"));
        retryAfter.ifPresent(s -> headers.add(Map.entry("Retry-After", Long.toString(s))));
        RequestContext context = RequestContext.of(exchange);
        if (keyId != null) {
            headers.add(Map.entry(HeaderNames.KEY, keyId));
        }
        headers.add(Map.entry(HeaderNames.ATTEMPTS, Integer.toString(context == null ? 0 : context.attempts())));
        exchange.getMessage().setBody(new ClientResponse(problem.status(), headers, body(problem)));
    }
}
