package org.keyrelay.failure;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * THIS FILE OWNS THE FAILURE TAXONOMY of Keyrelay (DESIGN.md, "Failure taxonomy"): which upstream
 * answer is which {@link FailureClass}. Every provider code, default phrase and status rule lives
 * here as a named constant with the reason it is there; change them here and only here, and add a
 * fixture under src/test/resources/fixtures/errors/ for every change.
 *
 * <h2>Order of checks for {@link #classify} (the first that decides wins)</h2>
 * <ol>
 *   <li><b>Provider code / type.</b> The body is parsed leniently ({@link ErrorBody}: Ollama
 *       {@code {"error":"..."}}, OpenAI / Kimi / Moonshot {@code {"error":{"message","type","code"}}},
 *       Anthropic {@code {"type":"error","error":{"type","message"}}}); the values of
 *       {@code error.code}, {@code error.type}, {@code code} and {@code type} are compared with:
 *       <ol type="a">
 *         <li>{@link #QUOTA_CODES} → QUOTA_EXHAUSTED;
 *         <li>{@link #ACCESS_TERMINATED} → QUOTA_EXHAUSTED if a quota phrase is in the message
 *             (Kimi's billing-cycle limit), else KEY_INVALID (Kimi refusing a client or a key);
 *         <li>{@link #KEY_INVALID_CODES} → KEY_INVALID;
 *         <li>{@link #PERMISSION_ERROR} with a model-forbidden phrase → MODEL_FORBIDDEN (Ollama's
 *             "requires a subscription" on its Anthropic path); without one it decides nothing;
 *         <li>{@link #RATE_LIMIT_CODES} → RATE_LIMITED, unless a quota phrase is in the message:
 *             Kimi sends plan limits as rate_limit_error, and quota comes before rate limit.
 *       </ol>
 *   <li><b>Body phrases</b> ({@link FailurePhrases}, defaults below), in this order: quota, model
 *       forbidden, key invalid, rate limit. Quota first because quota arrives as 429, 403, 402 or
 *       400 and its messages may also say "limit"; rate limit last because its words ("rate
 *       limit", "too many requests") are the most generic.
 *   <li><b>Status</b>: 401 → KEY_INVALID; 402 → QUOTA_EXHAUSTED (window BILLING_CYCLE); 403 →
 *       KEY_INVALID; 429 → RATE_LIMITED; 529 → RATE_LIMITED ({@link #ANTHROPIC_OVERLOADED}); 408
 *       and other 5xx → TRANSIENT; any other 4xx → CALLER_FAULT; anything else (a 3xx, a
 *       2xx given by mistake, 0) → TRANSIENT, since the request was not at fault.
 * </ol>
 * <b>Caller-fault guard</b>: on a status of {@link #CALLER_FAULT_STATUSES} (400, 404, 405, 409,
 * 413, 422) only a QUOTA_EXHAUSTED decision from steps 1-2, or a phrase the provider configured,
 * stands; anything else becomes CALLER_FAULT. These statuses are about the request, and a message
 * that merely mentions a "rate limit" (a tool named rate_limit_probe, an echoed prompt) must not
 * burn every key of the pool on one bad request. Quota is the exception because OpenAI and
 * Anthropic report it on a 400.
 *
 * <p><b>Configured phrases</b> (the keyring's {@code phrases:} per provider, {@link #with}) are
 * added to the built-in lists of their class and checked with them in step 2; and since an
 * operator wrote them for that provider's answers, a configured phrase counts on any 4xx or 5xx,
 * the caller-fault statuses included (the configured lists are checked again, alone, before the
 * guard's CALLER_FAULT): a provider that says "payment required" on a 409 becomes rotatable by
 * configuration, while an unknown 400 stays a caller fault.
 *
 * <p><b>Window</b> (QUOTA_EXHAUSTED only, else UNKNOWN): the window named EARLIEST in the message
 * wins ({@link #WINDOW_WORDS}), so "monthly usage limit for this billing cycle" is MONTHLY; with no
 * window word a 402 is BILLING_CYCLE and anything else UNKNOWN.
 *
 * <p><b>Reset</b>: {@link RetryAfter#fromHeaders}, else {@link RetryAfter#fromBody}, else none.
 *
 * <p><b>Reason</b>: built only from our own constants and the operator's (the matched code, the
 * matched built-in or configured phrase, "HTTP nnn"), never from other body text, so a body that
 * echoes an API key cannot leak it.
 *
 * <p><b>Streams</b> ({@link #classifyStreamError}): an error inside a 200 stream runs steps 1-2 on
 * the event payload; when nothing matches it is TRANSIENT (the upstream failed mid-answer).
 * <b>Connections</b> ({@link #classifyConnectionFailure}): always TRANSIENT.
 *
 * <p>Never throws on garbage: empty, HTML, non-JSON or huge bodies (only the first 64 KiB are read).
 */
public final class FailureClassifier {

    // ---- 1. Provider codes and types (compared lower-case, exactly) ----

    /** Codes that mean the key's quota or balance is spent, whatever the status (OpenAI sends a 400 too). */
    static final Set<String> QUOTA_CODES = Set.of(
            "insufficient_quota",           // OpenAI: "You exceeded your current quota", on 429 or 400
            "billing_hard_limit_reached",   // OpenAI: the organisation's hard spending limit
            "exceeded_current_quota_error", // Moonshot platform: balance spent / account suspended for billing
            "billing_error");               // Anthropic: billing or payment problem (402)

    /** Kimi for Coding: both the billing-cycle limit and "only available for Coding Agents". */
    static final String ACCESS_TERMINATED = "access_terminated_error";

    /** Anthropic's 403 type; with "requires a subscription" it is about the model, not the key. */
    static final String PERMISSION_ERROR = "permission_error";

    /** Codes that mean the key itself is refused. */
    static final Set<String> KEY_INVALID_CODES = Set.of(
            "authentication_error",         // Anthropic: "invalid x-api-key"
            "invalid_api_key",              // OpenAI: "Incorrect API key provided"
            "invalid_authentication_error", // Kimi / Moonshot: "Invalid Authentication", key expired
            "account_deactivated");         // OpenAI: the key's account is gone; no retry will help

    /** Codes that mean "too much, too fast" (unless a quota phrase says the plan is spent). */
    static final Set<String> RATE_LIMIT_CODES = Set.of(
            "rate_limit_error",             // Anthropic 429; Kimi 429 "The engine is currently overloaded"
            "rate_limit_reached_error",     // Kimi / Moonshot 429 "We're receiving too many requests"
            "rate_limit_exceeded",          // OpenAI 429 "Rate limit reached for ... Please try again in 20s"
            "overloaded_error",             // Anthropic 529 (see ANTHROPIC_OVERLOADED), also inside streams
            "engine_overloaded_error");     // Moonshot platform 429 "The engine is currently overloaded"

    // ---- 2. Default body phrases (lower-case substrings; FailurePhrases.defaults(); the keyring adds to them) ----

    /** Default quota phrases. The order matters only for the reason: the first found is reported. */
    static final List<String> QUOTA_PHRASES = List.of(
            "session usage limit",               // Ollama 429: ~5 h session window
            "hourly usage limit",                // Ollama 429, older wording
            "daily usage limit",                 // plans with a daily window (same wording family)
            "weekly usage limit",                // Ollama 429 (resets Monday 00:00 UTC), Kimi weekly quota
            "monthly usage limit",               // Kimi 403/429 "kimi monthly usage limit", "...for this billing cycle"
            "usage limit for this billing cycle", // Kimi 403 access_terminated_error
            "usage limit for this period",       // Kimi 429: the 5-hour rolling window
            "insufficient_quota",                // OpenAI code, for bodies we could not parse as JSON
            "exceeded your current quota",       // OpenAI text, on 429 and on 400
            "credit balance is too low",         // Anthropic 400: "Your credit balance is too low..."
            "insufficient credits",              // OpenRouter 402
            "insufficient balance");             // Moonshot platform 403

    /** Default model-forbidden phrases: the key works, this model is not in its plan. */
    static final List<String> MODEL_FORBIDDEN_PHRASES = List.of(
            "requires a subscription");          // Ollama 403 "this model requires a subscription, upgrade for access"

    /** Default key-invalid phrases. */
    static final List<String> KEY_INVALID_PHRASES = List.of(
            "unable to verify your membership",  // Kimi 402: membership benefits not verified (DESIGN: key problem)
            "appears to be invalid or may have expired", // Kimi 401
            "invalid authentication",            // Kimi / Moonshot 401 "Invalid Authentication"
            "invalid api key",                   // generic, many OpenAI-compatible servers
            "incorrect api key",                 // OpenAI 401 "Incorrect API key provided"
            "invalid x-api-key",                 // Anthropic 401
            "only available for coding agents",  // Kimi 403 for a client it does not allow, if the code is missing
            "unauthorized");                     // Ollama 401 {"error":"unauthorized"}, generic proxies

    /** Default rate-limit phrases: the most generic words, so checked last. */
    static final List<String> RATE_LIMIT_PHRASES = List.of(
            "rate limit",                        // generic: "Rate limit reached", "rate limited"
            "rate_limit",                        // codes in bodies we could not parse as JSON
            "too many requests",                 // generic 429 text; Kimi "We're receiving too many requests"
            "overloaded");                       // Kimi 429 "engine is currently overloaded" (a plan limit in practice), Anthropic 529

    // ---- 3. Status rules ----

    /** Statuses about the request itself: only a quota decision overrides them (caller-fault guard). */
    static final Set<Integer> CALLER_FAULT_STATUSES = Set.of(400, 404, 405, 409, 413, 422);

    /**
     * Anthropic's "overloaded" status. Classed RATE_LIMITED, not TRANSIENT: its body is always
     * overloaded_error, which step 1 already makes RATE_LIMITED, so a 529 gets the same verdict with or
     * without a readable body; and it asks the pool to back off (escalating cooldown, Retry-After
     * honoured) rather than hammer an overloaded upstream with short transient retries.
     */
    static final int ANTHROPIC_OVERLOADED = 529;

    // ---- 4. Quota windows: the words that name them (the earliest in the message wins) ----

    static final Map<QuotaWindow, Pattern> WINDOW_WORDS = windowWords();

    private static Map<QuotaWindow, Pattern> windowWords() {
        Map<QuotaWindow, Pattern> words = new LinkedHashMap<>();
        words.put(QuotaWindow.SESSION, Pattern.compile("\\bsession\\b"));
        words.put(QuotaWindow.HOURLY, Pattern.compile("\\bhourly\\b|\\bper hour\\b"));
        words.put(QuotaWindow.DAILY, Pattern.compile("\\bdaily\\b|\\bper day\\b|\\bday\\b")); // \b: not "Monday"
        words.put(QuotaWindow.WEEKLY, Pattern.compile("\\bweekly\\b|\\bper week\\b|\\bweek\\b"));
        words.put(QuotaWindow.MONTHLY, Pattern.compile("\\bmonthly\\b|\\bper month\\b|\\bmonth\\b"));
        words.put(QuotaWindow.BILLING_CYCLE, Pattern.compile(
                "billing|credit balance|insufficient credits|insufficient balance|insufficient_quota|exceeded your current quota"));
        return Collections.unmodifiableMap(words);
    }

    private static final FailurePhrases NONE = new FailurePhrases(List.of(), List.of(), List.of(), List.of());

    private final FailurePhrases phrases;
    private final FailurePhrases configured;
    private final Clock clock;
    private final Map<FailurePhrases, FailureClassifier> withConfigured = new ConcurrentHashMap<>();

    /** A classifier with these phrase lists, reading "now" from the clock for relative reset times. */
    public FailureClassifier(FailurePhrases phrases, Clock clock) {
        this(phrases, NONE, clock);
    }

    private FailureClassifier(FailurePhrases phrases, FailurePhrases configured, Clock clock) {
        this.phrases = Objects.requireNonNull(phrases, "phrases");
        this.configured = configured;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * This classifier with a provider's configured phrases added to each class's list (through
     * {@link FailurePhrases#plus}); they also count on the caller-fault statuses. The same classifier
     * for the same phrases; this one for none.
     */
    public FailureClassifier with(FailurePhrases configuredPhrases) {
        if (configuredPhrases == null || configuredPhrases.equals(NONE)) {
            return this;
        }
        return withConfigured.computeIfAbsent(configuredPhrases, c -> new FailureClassifier(
                phrases.plus(c.quota(), c.rateLimit(), c.keyInvalid(), c.modelForbidden()), c, clock));
    }

    /** Classifies a non-2xx answer, following the order of checks above. */
    public Verdict classify(UpstreamAnswer answer) {
        if (answer == null) {
            return new Verdict(FailureClass.TRANSIENT, "no answer", Optional.empty(), QuotaWindow.UNKNOWN);
        }
        int status = answer.status();
        ErrorBody body = ErrorBody.parse(answer.body());
        Decision decision = fromCodes(body).or(() -> fromPhrases(phrases, body))
                .filter(d -> d.failureClass() == FailureClass.QUOTA_EXHAUSTED || !CALLER_FAULT_STATUSES.contains(status))
                .or(() -> fromPhrases(configured, body))
                .orElseGet(() -> fromStatus(status));
        Instant now = clock.instant();
        Optional<Instant> resetAt = RetryAfter.fromHeaders(answer.headers(), now)
                .or(() -> RetryAfter.fromBody(answer.body(), now));
        return decision.verdict(resetAt, windowOf(decision, body.text(), status));
    }

    /**
     * Classifies an error seen inside a 200 stream: the JSON of an NDJSON {@code {"error":...}} line
     * or of an SSE {@code event: error}'s data (a leading {@code event:}/{@code data:} framing is
     * tolerated). Codes and phrases decide; nothing matched → TRANSIENT. {@code status} is the
     * stream's HTTP status: a 2xx says nothing about the failure; a non-2xx (a caller that had the
     * real status of a failed answer) is classified exactly like {@link #classify}.
     */
    public Verdict classifyStreamError(String eventPayload, int status) {
        String payload = unframed(eventPayload);
        if (status < 200 || status > 299) {
            return classify(new UpstreamAnswer(status, Map.of(), payload));
        }
        ErrorBody body = ErrorBody.parse(payload);
        Decision decision = fromCodes(body).or(() -> fromPhrases(phrases, body))
                .orElse(new Decision(FailureClass.TRANSIENT, "stream error"));
        Optional<Instant> resetAt = RetryAfter.fromBody(payload, clock.instant());
        return decision.verdict(resetAt, windowOf(decision, body.text(), status));
    }

    /** Connect refused, timeout, reset, TLS or DNS failure: always TRANSIENT; the reason names the kind. */
    public Verdict classifyConnectionFailure(Throwable cause) {
        String reason = ConnectionFailures.reason(cause);
        return new Verdict(FailureClass.TRANSIENT, reason, Optional.empty(), QuotaWindow.UNKNOWN,
                ConnectionFailures.TIMEOUT.equals(reason));
    }

    private Optional<Decision> fromCodes(ErrorBody body) {
        List<String> codes = body.codes();
        Optional<String> quotaPhrase = FailurePhrases.firstIn(phrases.quota(), body.text());
        Optional<String> code = first(codes, QUOTA_CODES);
        if (code.isPresent()) {
            return Optional.of(new Decision(FailureClass.QUOTA_EXHAUSTED, code.get()));
        }
        if (codes.contains(ACCESS_TERMINATED)) {
            return Optional.of(quotaPhrase
                    .map(p -> new Decision(FailureClass.QUOTA_EXHAUSTED, ACCESS_TERMINATED + ": " + p))
                    .orElse(new Decision(FailureClass.KEY_INVALID, ACCESS_TERMINATED)));
        }
        code = first(codes, KEY_INVALID_CODES);
        if (code.isPresent()) {
            return Optional.of(new Decision(FailureClass.KEY_INVALID, code.get()));
        }
        Optional<String> modelPhrase = FailurePhrases.firstIn(phrases.modelForbidden(), body.text());
        if (codes.contains(PERMISSION_ERROR) && modelPhrase.isPresent()) {
            return Optional.of(new Decision(FailureClass.MODEL_FORBIDDEN, PERMISSION_ERROR + ": " + modelPhrase.get()));
        }
        return first(codes, RATE_LIMIT_CODES).map(rate -> quotaPhrase
                .map(p -> new Decision(FailureClass.QUOTA_EXHAUSTED, rate + ": " + p))
                .orElse(new Decision(FailureClass.RATE_LIMITED, rate)));
    }

    private static Optional<Decision> fromPhrases(FailurePhrases phrases, ErrorBody body) {
        String text = body.text();
        return FailurePhrases.firstIn(phrases.quota(), text)
                .map(p -> new Decision(FailureClass.QUOTA_EXHAUSTED, p))
                .or(() -> FailurePhrases.firstIn(phrases.modelForbidden(), text)
                        .map(p -> new Decision(FailureClass.MODEL_FORBIDDEN, p)))
                .or(() -> FailurePhrases.firstIn(phrases.keyInvalid(), text)
                        .map(p -> new Decision(FailureClass.KEY_INVALID, p)))
                .or(() -> FailurePhrases.firstIn(phrases.rateLimit(), text)
                        .map(p -> new Decision(FailureClass.RATE_LIMITED, p)));
    }

    private static Decision fromStatus(int status) {
        FailureClass failureClass;
        if (status == 401 || status == 403) {
            failureClass = FailureClass.KEY_INVALID;
        } else if (status == 402) {
            failureClass = FailureClass.QUOTA_EXHAUSTED;
        } else if (status == 429 || status == ANTHROPIC_OVERLOADED) {
            failureClass = FailureClass.RATE_LIMITED;
        } else if (status == 408 || (status >= 500 && status <= 599)) {
            failureClass = FailureClass.TRANSIENT;
        } else if (status >= 400 && status <= 499) {
            failureClass = FailureClass.CALLER_FAULT;
        } else {
            failureClass = FailureClass.TRANSIENT;
        }
        return new Decision(failureClass, "HTTP " + status);
    }

    /** The window named earliest in the text; a 402 naming none is BILLING_CYCLE. Non-quota: UNKNOWN. */
    private static QuotaWindow windowOf(Decision decision, String lowerCaseText, int status) {
        if (decision.failureClass() != FailureClass.QUOTA_EXHAUSTED) {
            return QuotaWindow.UNKNOWN;
        }
        QuotaWindow named = QuotaWindow.UNKNOWN;
        int earliest = Integer.MAX_VALUE;
        for (Map.Entry<QuotaWindow, Pattern> words : WINDOW_WORDS.entrySet()) {
            Matcher m = words.getValue().matcher(lowerCaseText);
            if (m.find() && m.start() < earliest) {
                earliest = m.start();
                named = words.getKey();
            }
        }
        return named == QuotaWindow.UNKNOWN && status == 402 ? QuotaWindow.BILLING_CYCLE : named;
    }

    private static Optional<String> first(List<String> codes, Set<String> known) {
        return codes.stream().filter(known::contains).findFirst();
    }

    /** The JSON of an SSE event given with its framing ("event: error\ndata: {...}"), or as is. */
    private static String unframed(String payload) {
        if (payload == null) {
            return "";
        }
        String trimmed = payload.strip();
        if (!trimmed.startsWith("data:") && !trimmed.startsWith("event:")) {
            return trimmed;
        }
        StringBuilder data = new StringBuilder();
        trimmed.lines().filter(line -> line.startsWith("data:"))
                .forEach(line -> data.append(line.substring("data:".length()).strip()).append('\n'));
        return data.toString().strip();
    }

    /** What steps 1-3 decided, before the reset time and window are added. */
    private record Decision(FailureClass failureClass, String reason) {
        Verdict verdict(Optional<Instant> resetAt, QuotaWindow window) {
            return new Verdict(failureClass, reason, resetAt, window);
        }
    }
}
