package org.keyrelay.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keyrelay.failure.FailurePhrases;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.http.Affinity;
import org.keyrelay.http.AuthStyle;
import org.keyrelay.http.BrowserPolicy;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.CooldownSettings;
import org.keyrelay.pool.QuotaReset;
import org.keyrelay.pool.RecoverySettings;
import org.keyrelay.pool.Secret;
import org.keyrelay.relay.UpstreamTls;
import org.keyrelay.selection.Strategy;
import org.keyrelay.usage.UsagePoll;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads keyring.yaml. Every problem fails with the file, the line and the setting named, and what is allowed.
 * Secrets come from the file, from {@code ${env:NAME}} references, or from a provider's {@code envKeys}
 * (NAME, NAME_1..NAME_N, and NAMES=a,b,c).
 */
public final class KeyringParser {

    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    /** Key ids end up in URLs, metrics labels and file names: no slashes, no dot segments, no spaces. */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> TOP = Set.of("providers", "clients", "maxBodyBytes", "allowedOrigins", "allowedHosts");
    private static final Set<String> PROVIDER = Set.of("id", "upstream", "auth", "strategy", "maxRotations",
            "maxWait", "envKeys", "keys", "failWindow", "cooldowns", "recovery", "affinity", "caFile", "usage",
            "timeouts", "phrases", "billingReset", "startKey");
    private static final Set<String> TIMEOUTS = Set.of("connect", "headers", "response", "idle");
    private static final Set<String> COOLDOWNS = Set.of("rateLimit", "rateLimitMax", "transient", "modelForbidden",
            "quota");
    private static final Map<String, QuotaWindow> QUOTA_WINDOWS = quotaWindows();
    private static final Set<String> RECOVERY = Set.of("every", "points", "rampRequests", "rampSpacing");
    private static final Set<String> PHRASES = Set.of("quotaExhausted", "rateLimited", "keyInvalid", "modelForbidden");
    private static final Set<String> KEY = Set.of("id", "secret", "weight", "label");
    private static final Set<String> USAGE = Set.of("preset", "path", "remaining", "used", "limit", "resetAt", "every",
            "stopAt");
    private static final Set<String> CLIENT = Set.of("id", "token");
    static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);
    /** The word that switches a setting off ({@code recovery: off}). */
    private static final String OFF = "off";

    private final Map<String, String> env;

    public KeyringParser(Map<String, String> env) {
        this.env = env;
    }

    public Keyring parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyringException(file + ": cannot read the keyring: " + e.getMessage());
        }
        return parse(file, text);
    }

    public Keyring parse(Path file, String text) {
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(text)
                    .orElse(null);
        } catch (MarkedYamlEngineException e) {
            // the problem and its place only: the parser's own message quotes the line, which may hold a secret
            String where = e.getProblemMark().map(m -> " (" + m.getName() + ", line " + (m.getLine() + 1) + ", column "
                    + (m.getColumn() + 1) + ")").orElse("");
            throw new KeyringException(file + ": not valid YAML: " + e.getProblem()
                    + (e.getContext() == null ? "" : ", " + e.getContext()) + where);
        } catch (YamlEngineException e) {
            throw new KeyringException(file + ": not valid YAML (" + e.getClass().getSimpleName() + ")");
        }
        List<String> warnings = new ArrayList<>();
        if (root == null) {
            return new Keyring(file, List.of(), List.of(), Keyring.DEFAULT_MAX_BODY_BYTES, BrowserPolicy.NONE, warnings);
        }
        Map<String, YamlTree> top = checked(new YamlTree(file.toString(), "", root), TOP);
        List<ProviderConfig> providers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        if (top.containsKey("providers") && !top.get("providers").isNull()) {
            for (YamlTree p : top.get("providers").sequence()) {
                ProviderConfig provider = provider(p, warnings);
                if (!ids.add(provider.id())) {
                    throw p.error("provider id '" + provider.id() + "' is used twice");
                }
                providers.add(provider);
            }
        }
        List<ClientToken> clients = new ArrayList<>();
        if (top.containsKey("clients") && !top.get("clients").isNull()) {
            for (YamlTree c : top.get("clients").sequence()) {
                Map<String, YamlTree> client = checked(c, CLIENT);
                String token = resolve(required(c, client, "token"), warnings);
                if (token != null) {
                    String id = client.containsKey("id") ? client.get("id").scalar() : "client-" + (clients.size() + 1);
                    clients.add(new ClientToken(id, new Secret(token)));
                }
            }
        }
        long maxBody = top.containsKey("maxBodyBytes") ? top.get("maxBodyBytes").integer(1) : Keyring.DEFAULT_MAX_BODY_BYTES;
        BrowserPolicy browsers = new BrowserPolicy(list(top.get("allowedHosts"), KeyringParser::host),
                list(top.get("allowedOrigins"), KeyringParser::origin));
        return new Keyring(file, providers, clients, maxBody, browsers, warnings);
    }

    private ProviderConfig provider(YamlTree tree, List<String> warnings) {
        Map<String, YamlTree> p = checked(tree, PROVIDER);
        YamlTree idNode = required(tree, p, "id");
        String id = idNode.scalar().strip();
        if (!PROVIDER_ID.matcher(id).matches()) {
            throw idNode.error("'" + id + "' is not a provider id (lower-case letters, digits, '-' and '_')");
        }
        URI upstream = upstream(required(tree, p, "upstream"), env);
        AuthStyle auth = p.containsKey("auth") ? parsed(p.get("auth"), AuthStyle::parse) : AuthStyle.BEARER;
        Strategy strategy = p.containsKey("strategy") ? parsed(p.get("strategy"), Strategy::parse) : Strategy.ROUND_ROBIN;
        Integer maxRotations = p.containsKey("maxRotations") ? p.get("maxRotations").integer(0) : null;
        Duration maxWait = p.containsKey("maxWait") ? parsed(p.get("maxWait"), Durations::parse) : DEFAULT_MAX_WAIT;
        String envKeys = p.containsKey("envKeys") ? p.get("envKeys").scalar().strip() : null;

        List<ApiKey> keys = new ArrayList<>();
        Set<String> keyIds = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        if (p.containsKey("keys") && !p.get("keys").isNull()) {
            List<YamlTree> listed = p.get("keys").sequence();
            for (int i = 0; i < listed.size(); i++) {
                YamlTree k = listed.get(i);
                Map<String, YamlTree> key = checked(k, KEY);
                String secret = resolve(required(k, key, "secret"), warnings);
                // a default id follows the key's place in the list, so it stays the same across restarts
                String keyId = key.containsKey("id") ? key.get("id").scalar().strip() : "key-" + (i + 1);
                int weight = key.containsKey("weight") ? key.get("weight").integer(1) : 1;
                String label = key.containsKey("label") ? label(key.get("label")) : null;
                if (!KEY_ID.matcher(keyId).matches() || keyId.contains("..")) {
                    throw (key.containsKey("id") ? key.get("id") : k).error("'" + keyId + "' is not a key id (letters,"
                            + " digits, '.', '-' and '_', starting with a letter or digit, no '..')");
                }
                if (!keyIds.add(keyId)) {
                    throw k.error("key id '" + keyId + "' is used twice in provider '" + id + "'");
                }
                if (secret != null && !secrets.add(secret)) {
                    warnings.add(k.path() + " repeats the secret of an earlier key of provider '" + id + "': skipped");
                } else if (secret != null) {
                    keys.add(new ApiKey(keyId, new Secret(secret), weight, label));
                }
            }
        }
        if (envKeys != null) {
            for (Map.Entry<String, String> e : EnvKeys.find(envKeys, env).entrySet()) {
                if (!printable(e.getValue())) {
                    throw p.get("envKeys").error("environment variable " + e.getKey() + " holds a secret with a line"
                            + " break or another control character: a key is one line of printable characters");
                }
                if (keyIds.add(e.getKey()) && secrets.add(e.getValue())) {
                    keys.add(new ApiKey(e.getKey(), new Secret(e.getValue()), 1));
                }
            }
        }
        Path caFile = p.containsKey("caFile") ? caFile(p.get("caFile"), tree) : null;
        String startKey = p.containsKey("startKey") ? startKey(p.get("startKey"), id, keyIds, envKeys) : null;
        return new ProviderConfig(id, upstream, auth, strategy, maxRotations, maxWait, envKeys, keys, keyState(p), caFile,
                usage(p.get("usage")), phrases(p.get("phrases")), timeouts(p.get("timeouts")), startKey);
    }

    /** A key's label: one line of text, at most {@link ApiKey#MAX_LABEL} characters (not a secret: it is shown). */
    private static String label(YamlTree node) {
        String label = node.isNull() ? null : node.scalar();
        String problem = ApiKey.labelProblem(label);
        if (problem != null) {
            throw node.error("label " + problem);
        }
        return label;
    }

    /**
     * The key a provider starts on: one of its keys in the keyring, listed or from its envKeys (an envKeys id is
     * accepted while its variable is unset: it may be set only where the gateway runs).
     */
    private static String startKey(YamlTree node, String provider, Set<String> keyIds, String envKeys) {
        String startKey = node.scalar().strip();
        if (!keyIds.contains(startKey) && (envKeys == null || !EnvKeys.couldFind(envKeys, startKey))) {
            throw node.error("startKey '" + startKey + "' is not a key of provider '" + provider + "' (its keys: "
                    + (keyIds.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(keyIds))) + ")");
        }
        return startKey;
    }

    /** connect, headers, response, idle: each optional (the gateway's where not set), zero for no limit. */
    private static TimeoutSettings timeouts(YamlTree tree) {
        if (tree == null || tree.isNull()) {
            return TimeoutSettings.NONE;
        }
        Map<String, YamlTree> t = checked(tree, TIMEOUTS);
        java.util.function.Function<String, Duration> set = name -> t.containsKey(name) ? notNegative(t.get(name)) : null;
        return new TimeoutSettings(set.apply("connect"), set.apply("headers"), set.apply("response"), set.apply("idle"));
    }

    /** A PEM file of CA certificates, relative to the keyring's directory; read now, so a bad one fails here. */
    private static Path caFile(YamlTree node, YamlTree provider) {
        String value = node.scalar().strip();
        if (value.isEmpty()) {
            throw node.error("must not be empty");
        }
        Path keyringDir = Path.of(provider.file()).toAbsolutePath().getParent();
        Path file = keyringDir == null ? Path.of(value) : keyringDir.resolve(value);
        try {
            UpstreamTls.certificates(file);
        } catch (java.io.IOException e) {
            throw node.error("'" + value + "' is not a readable PEM file of CA certificates (" + e.getMessage() + ")");
        }
        return file.normalize();
    }

    /** failWindow, cooldowns, recovery, affinity: each optional, each defaulting to the built-in rules. */
    private static KeyStateSettings keyState(Map<String, YamlTree> p) {
        Duration failWindow = p.containsKey("failWindow") ? positive(p.get("failWindow"))
                : CooldownSettings.defaults().invalidFailWindow();
        Affinity affinity = p.containsKey("affinity") ? parsed(p.get("affinity"), Affinity::parse) : Affinity.NONE;
        return new KeyStateSettings(cooldowns(p.get("cooldowns"), failWindow, p.get("billingReset")),
                recovery(p.get("recovery")), affinity);
    }

    /**
     * @param billingReset the provider's {@code billingReset} ("00:00 Asia/Shanghai"), or null: it ends the quota
     *                     windows of a day or longer whose cooldown {@code quota} does not set
     */
    private static CooldownSettings cooldowns(YamlTree tree, Duration failWindow, YamlTree billingReset) {
        CooldownSettings defaults = CooldownSettings.defaults();
        Map<String, YamlTree> c = tree == null || tree.isNull() ? Map.of() : checked(tree, COOLDOWNS);
        Duration rateLimit = c.containsKey("rateLimit") ? positive(c.get("rateLimit")) : defaults.rateLimitBase();
        Duration rateLimitMax = c.containsKey("rateLimitMax") ? positive(c.get("rateLimitMax")) : defaults.rateLimitMax();
        if (rateLimitMax.compareTo(rateLimit) < 0) {
            throw c.getOrDefault("rateLimitMax", c.get("rateLimit")).error("rateLimitMax ("
                    + Durations.format(rateLimitMax) + ") must not be shorter than rateLimit ("
                    + Durations.format(rateLimit) + ")");
        }
        Map<QuotaWindow, Duration> windows = new EnumMap<>(defaults.quotaWindows());
        Set<QuotaWindow> resetEnds = EnumSet.noneOf(QuotaWindow.class);
        resetEnds.addAll(QuotaReset.DAY_OR_LONGER);
        if (c.containsKey("quota") && !c.get("quota").isNull()) {
            for (Map.Entry<String, YamlTree> w : checked(c.get("quota"), QUOTA_WINDOWS.keySet()).entrySet()) {
                windows.put(QUOTA_WINDOWS.get(w.getKey()), positive(w.getValue()));
                resetEnds.remove(QUOTA_WINDOWS.get(w.getKey())); // a cooldown the keyring sets is kept
            }
        }
        QuotaReset reset = billingReset == null || billingReset.isNull() ? null
                : parsed(billingReset, text -> QuotaReset.parse(text, resetEnds));
        return new CooldownSettings(rateLimit, rateLimitMax,
                c.containsKey("transient") ? positive(c.get("transient")) : defaults.transientFailure(),
                failWindow,
                c.containsKey("modelForbidden") ? positive(c.get("modelForbidden")) : defaults.modelForbidden(),
                windows, reset);
    }

    /**
     * {@code recovery:} a mapping (every, points, rampRequests, rampSpacing), or {@code off}: a penalised key's health
     * does not come back by itself ({@code every: off} in the mapping says the same and keeps the ramp settings).
     */
    private static RecoverySettings recovery(YamlTree tree) {
        RecoverySettings defaults = RecoverySettings.defaults();
        if (tree == null || tree.isNull()) {
            return defaults;
        }
        if (tree.is(OFF)) {
            return RecoverySettings.off(defaults.rampRequests(), defaults.rampSpacing());
        }
        if (tree.node() instanceof ScalarNode) { // a mistyped off ("offf"), or a duration meant for every
            throw tree.error("'" + tree.scalar() + "' is not off or a mapping of settings (" + allowedHere(RECOVERY) + ")");
        }
        Map<String, YamlTree> r = checked(tree, RECOVERY);
        int rampRequests = r.containsKey("rampRequests") ? r.get("rampRequests").integer(0) : defaults.rampRequests();
        Duration rampSpacing = r.containsKey("rampSpacing") ? notNegative(r.get("rampSpacing")) : defaults.rampSpacing();
        if (r.containsKey("every") && r.get("every").is(OFF)) {
            if (r.containsKey("points")) {
                throw r.get("points").nameError("is not allowed with every: off (health does not recover by itself)");
            }
            return RecoverySettings.off(rampRequests, rampSpacing);
        }
        int points = defaults.points();
        if (r.containsKey("points")) {
            points = r.get("points").integer(1);
            if (points > 100) {
                throw r.get("points").error("'" + points + "' must be at most 100 (health is a score of 0-100)");
            }
        }
        return new RecoverySettings(r.containsKey("every") ? recoveryPeriod(r.get("every")) : defaults.every(), points,
                rampRequests, rampSpacing);
    }

    /** {@code recovery.every}: a duration longer than 0 (off was taken before). */
    private static Duration recoveryPeriod(YamlTree node) {
        try {
            Durations.parse(node.scalar());
        } catch (IllegalArgumentException e) {
            throw node.error("'" + node.scalar() + "' is not a duration (like 10m or 1h) or off (no recovery)");
        }
        return positive(node);
    }

    /**
     * The optional usage poll: a preset (kimi, openrouter, ollama) or the generic form (path and JSON pointers:
     * remaining or used, limit, resetAt); every (at least 10 s), stopAt (a share such as 98% or 0.98).
     */
    private static UsagePoll usage(YamlTree tree) {
        if (tree == null || tree.isNull()) {
            return null;
        }
        Map<String, YamlTree> u = checked(tree, USAGE);
        Duration every = UsagePoll.DEFAULT_EVERY;
        if (u.containsKey("every")) {
            every = positive(u.get("every"));
            if (every.compareTo(UsagePoll.MIN_EVERY) < 0) {
                throw u.get("every").error("'" + u.get("every").scalar() + "' must be at least "
                        + Durations.format(UsagePoll.MIN_EVERY) + " (a poll per key per period)");
            }
        }
        double stopAt = u.containsKey("stopAt") ? share(u.get("stopAt")) : UsagePoll.DEFAULT_STOP_AT;
        if (u.containsKey("preset")) {
            for (String generic : List.of("path", "remaining", "used", "limit", "resetAt")) {
                if (u.containsKey(generic)) {
                    throw u.get(generic).nameError("is not allowed with a preset (the preset names its own)");
                }
            }
            UsagePoll preset = parsed(u.get("preset"), name -> UsagePoll.preset(name, Duration.ZERO, 1));
            return UsagePoll.preset(preset.preset(), every, stopAt);
        }
        String path = pointer(required(tree, u, "path"), "a path starting with '/'");
        if (!u.containsKey("remaining") && !u.containsKey("used")) {
            throw tree.error("'remaining' or 'used' is required (a JSON pointer such as /usage/remaining), "
                    + "or a preset (" + String.join(", ", UsagePoll.PRESETS) + ")");
        }
        if (u.containsKey("used") && !u.containsKey("remaining") && !u.containsKey("limit")) {
            throw tree.error("'used' needs 'limit' (a JSON pointer) to know what is left");
        }
        return UsagePoll.generic(path, optionalPointer(u.get("remaining")), optionalPointer(u.get("used")),
                optionalPointer(u.get("limit")), optionalPointer(u.get("resetAt")), every, stopAt);
    }

    private static String optionalPointer(YamlTree node) {
        return node == null || node.isNull() ? null : pointer(node, "a JSON pointer such as /usage/remaining");
    }

    private static String pointer(YamlTree node, String what) {
        String value = node.scalar().strip();
        if (!value.startsWith("/") || value.chars().anyMatch(Character::isWhitespace)) {
            throw node.error("'" + value + "' is not " + what);
        }
        return value;
    }

    /** A share of a limit: "98%" or 0.98; more than 0, at most 100 %. */
    private static double share(YamlTree node) {
        String value = node.scalar().strip();
        double share;
        try {
            share = value.endsWith("%") ? Double.parseDouble(value.substring(0, value.length() - 1).strip()) / 100
                    : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            share = Double.NaN;
        }
        if (!(share > 0 && share <= 1)) {
            throw node.error("'" + value + "' is not a share of the limit (more than 0 %, at most 100 %: 98% or 0.98)");
        }
        return share;
    }

    /** A duration longer than zero. */
    private static Duration positive(YamlTree node) {
        Duration d = parsed(node, Durations::parse);
        if (d.isZero() || d.isNegative()) {
            throw node.error("'" + node.scalar() + "' must be longer than 0");
        }
        return d;
    }

    /** A duration of zero or more. */
    private static Duration notNegative(YamlTree node) {
        Duration d = parsed(node, Durations::parse);
        if (d.isNegative()) {
            throw node.error("'" + node.scalar() + "' must not be negative");
        }
        return d;
    }

    private static Map<String, QuotaWindow> quotaWindows() {
        Map<String, QuotaWindow> names = new java.util.LinkedHashMap<>();
        names.put("session", QuotaWindow.SESSION);
        names.put("hourly", QuotaWindow.HOURLY);
        names.put("daily", QuotaWindow.DAILY);
        names.put("weekly", QuotaWindow.WEEKLY);
        names.put("monthly", QuotaWindow.MONTHLY);
        names.put("billingCycle", QuotaWindow.BILLING_CYCLE);
        names.put("unknown", QuotaWindow.UNKNOWN);
        return Map.copyOf(names);
    }

    /**
     * {@code phrases: {quotaExhausted: [...], rateLimited: [...], keyInvalid: [...], modelForbidden: [...]}}: failure
     * phrases added to the built-in lists of their class (FailureClassifier#with); each list optional.
     */
    private static FailurePhrases phrases(YamlTree tree) {
        if (tree == null || tree.isNull()) {
            return ProviderConfig.NO_PHRASES;
        }
        Map<String, YamlTree> p = checked(tree, PHRASES);
        return new FailurePhrases(phraseList(p.get("quotaExhausted")), phraseList(p.get("rateLimited")),
                phraseList(p.get("keyInvalid")), phraseList(p.get("modelForbidden")));
    }

    private static List<String> phraseList(YamlTree node) {
        List<String> phrases = new ArrayList<>();
        if (node != null && !node.isNull()) {
            for (YamlTree item : node.sequence()) {
                String phrase = item.scalar().strip();
                if (phrase.isEmpty()) {
                    throw item.error("a phrase must not be empty");
                }
                phrases.add(phrase);
            }
        }
        return phrases;
    }

    /** The base URL, with every {@code ${env:NAME}} in it replaced by the variable's value (which must be set). */
    private static URI upstream(YamlTree node, Map<String, String> env) {
        String written = node.scalar().strip();
        Matcher ref = ENV_REF.matcher(written);
        StringBuilder resolved = new StringBuilder();
        while (ref.find()) {
            String value = env.get(ref.group(1));
            if (value == null || value.isBlank()) {
                throw node.error("'" + written + "' names environment variable " + ref.group(1) + ", which is not set");
            }
            ref.appendReplacement(resolved, Matcher.quoteReplacement(value.strip()));
        }
        ref.appendTail(resolved);
        String value = resolved.toString();
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null) {
                throw node.error("'" + value + "' is not an http(s) base URL without a query");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw node.error("'" + value + "' is not a URL");
        }
    }

    /** A list of strings (a single value is a list of one), each checked by {@code check}. */
    private static List<String> list(YamlTree tree, java.util.function.Function<String, String> check) {
        if (tree == null || tree.isNull()) {
            return List.of();
        }
        List<YamlTree> items = tree.isSequence() ? tree.sequence() : List.of(tree);
        List<String> values = new ArrayList<>();
        for (YamlTree item : items) {
            values.add(parsed(item, check));
        }
        return values;
    }

    /** An allowedHosts entry: a host name or address, {@code *} as a wildcard, no scheme or path. */
    private static String host(String value) {
        String v = value.strip();
        if (v.isEmpty() || !v.matches("[A-Za-z0-9.*:\\[\\]_-]+")) {
            throw new IllegalArgumentException("'" + value + "' is not a host name (such as gateway.lan or *.lan)");
        }
        return v;
    }

    /** An allowedOrigins entry: scheme://host[:port] as browsers send it, {@code *} as a wildcard. */
    private static String origin(String value) {
        String v = value.strip();
        if (!v.equals("*") && !v.matches("[a-z][a-z0-9+.-]*://[A-Za-z0-9.*:\\[\\]_-]+")) {
            throw new IllegalArgumentException("'" + value + "' is not an origin (scheme://host[:port], such as"
                    + " http://localhost:3000; * as a wildcard)");
        }
        return v;
    }

    /** A secret or token value, with ${env:NAME} resolved; null (and a warning) when the variable is unset. */
    private String resolve(YamlTree node, List<String> warnings) {
        String value = node.scalar().strip();
        Matcher m = ENV_REF.matcher(value);
        if (m.matches()) {
            String resolved = env.get(m.group(1));
            if (resolved == null || resolved.isBlank()) {
                warnings.add(node.path() + " names environment variable " + m.group(1) + ", which is not set: skipped");
                return null;
            }
            if (!printable(resolved.strip())) {
                throw node.error("environment variable " + m.group(1) + " has a line break or another control"
                        + " character (a secret is one line of printable characters; the value is not shown)");
            }
            return resolved.strip();
        }
        if (value.isEmpty()) {
            throw node.error("must not be empty");
        }
        if (!printable(value)) {
            throw node.error("has a line break or another control character (a secret is one line of printable"
                    + " characters; the value is not shown)");
        }
        return value;
    }

    /** Whether a secret can go into an HTTP header as it is: no control characters (a line break would split it). */
    private static boolean printable(String value) {
        return value.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static <T> T parsed(YamlTree node, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(node.scalar());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static YamlTree required(YamlTree parent, Map<String, YamlTree> map, String name) {
        YamlTree node = map.get(name);
        if (node == null || node.isNull()) {
            throw parent.error("'" + name + "' is required");
        }
        return node;
    }

    /** The settings a mapping may hold, for messages: {@code allowed here: a, b, c}. */
    private static String allowedHere(Set<String> allowed) {
        return "allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed));
    }

    private static Map<String, YamlTree> checked(YamlTree tree, Set<String> allowed) {
        Map<String, YamlTree> map = tree.mapping();
        for (Map.Entry<String, YamlTree> e : map.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().nameError("unknown setting (" + allowedHere(allowed) + ")");
            }
        }
        return map;
    }
}
