package org.keyrelay.camel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.keyrelay.admin.AdminProblem;
import org.keyrelay.admin.KeyAction;
import org.keyrelay.admin.KeyAdmin;
import org.keyrelay.admin.KeyTransfer;
import org.keyrelay.http.Problem;
import org.keyrelay.http.ProblemException;
import org.keyrelay.http.ProblemFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's answers: one public method per REST verb of routes/admin.camel.yaml, named by the verb's
 * {@code routeId}. Path parameters arrive as the headers {@code p} (provider), {@code id} (key) and {@code action};
 * bodies are small JSON objects. The work is done by {@link KeyAdmin}; this class reads requests and writes JSON
 * answers, errors included ({@link ProblemFormat#KEYRELAY}). No answer ever holds a secret.
 */
public final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build())
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final KeyAdmin admin;
    private final KeyTransfer transfer;

    public AdminApi(KeyAdmin admin, KeyTransfer transfer) {
        this.admin = admin;
        this.transfer = transfer;
    }

    public void providers(Exchange exchange) {
        ok(exchange, Map.of("providers", admin.providers()));
    }

    public void keys(Exchange exchange) {
        ok(exchange, admin.pool(provider(exchange)));
    }

    public void addKey(Exchange exchange) {
        String p = provider(exchange);
        admin.provider0(p);
        JsonNode body = body(exchange, Set.of("id", "secret", "weight", "label"));
        String id = text(body, "id");
        String label = text(body, "label");
        JsonNode secret = body.get("secret");
        if (secret != null && !secret.isTextual()) {
            throw AdminProblem.badHiddenValue("secret", "must be a string");
        }
        Integer weight = body.hasNonNull("weight") ? wholeNumber(body.get("weight"), "weight") : null;
        reply(exchange, 201, Map.of("key", admin.addKey(p, id, secret == null ? null : secret.asText(), weight,
                label)));
    }

    /** {@code DELETE /providers/{p}/keys/{id}}. */
    public void removeKey(Exchange exchange) {
        act(exchange, KeyAction.REMOVE);
    }

    /** {@code POST /providers/{p}/keys/{id}/{action}}: every {@link KeyAction#postedToKey()} action. */
    public void keyAction(Exchange exchange) {
        String word = exchange.getIn().getHeader("action", String.class);
        act(exchange, KeyAction.parse(word).filter(KeyAction::postedToKey).orElseThrow(() -> new ProblemException(404,
                "unknown_action", "No key action '" + word + "'. Key actions: " + KeyAction.words(KeyAction::postedToKey)
                + ".", Map.of())));
    }

    /** {@code POST /providers/{p}/rotate}. */
    public void rotate(Exchange exchange) {
        act(exchange, KeyAction.ROTATE);
    }

    /** {@code POST /providers/{p}/refresh}: the provider and its keys, as {@link #keys} answers. */
    public void refresh(Exchange exchange) {
        ok(exchange, admin.refresh(provider(exchange)));
    }

    private void act(Exchange exchange, KeyAction action) {
        ok(exchange, Map.of(action.answerField(), admin.act(action, provider(exchange), key(exchange))));
    }

    public void strategy(Exchange exchange) {
        String p = provider(exchange);
        admin.provider0(p);
        JsonNode body = body(exchange, Set.of("strategy"));
        String name = text(body, "strategy");
        if (name == null) {
            throw AdminProblem.badValue("strategy", null, "is required: one of " + org.keyrelay.selection.Strategy.names());
        }
        ok(exchange, Map.of("provider", admin.setStrategy(p, name)));
    }

    public void stats(Exchange exchange) {
        ok(exchange, admin.stats());
    }

    /** {@code {"password": ...}} in, the encrypted export file out. */
    public void export(Exchange exchange) {
        JsonNode body = body(exchange, Set.of("password"));
        byte[] file = transfer.export(password(body));
        ManagementReply.start(exchange, 200, "application/octet-stream").setBody(file);
    }

    /** {@code {"password": ..., "file": <base64 of the export file>}} in, what was imported out. */
    public void importFile(Exchange exchange) {
        JsonNode body = body(exchange, Set.of("password", "file"));
        String data = text(body, "file");
        if (data == null) {
            throw AdminProblem.badHiddenValue("file", "is required: the export file, base64-encoded");
        }
        byte[] file;
        try {
            file = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw AdminProblem.badHiddenValue("file", "is not base64");
        }
        ok(exchange, transfer.importFile(file, password(body)));
    }

    /** The JSON answer for a {@link ProblemException} (the routes' onException calls this). */
    public void problem(Exchange exchange) {
        Problem problem = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ProblemException.class).problem();
        reply(exchange, problem.status(), ProblemFormat.KEYRELAY.render(problem));
        if (problem.status() == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"keyrelay-admin\"");
        }
    }

    /** Anything unexpected: logged here, a plain 500 for the caller. */
    public void internalError(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("Admin request {} failed", exchange.getExchangeId(), cause);
        reply(exchange, 500, ProblemFormat.KEYRELAY.render(new Problem(500, "admin_error",
                "The admin request failed inside the gateway; see its log.", Map.of())));
    }

    private static String provider(Exchange exchange) {
        return exchange.getIn().getHeader("p", String.class);
    }

    private static String key(Exchange exchange) {
        return exchange.getIn().getHeader("id", String.class);
    }

    private static JsonNode body(Exchange exchange, Set<String> allowed) {
        byte[] bytes = exchange.getIn().getBody(byte[].class);
        if (bytes == null || bytes.length == 0) {
            throw AdminProblem.badHiddenValue("body", "a JSON object is required");
        }
        if (bytes.length > MAX_BODY) {
            throw AdminProblem.badHiddenValue("body", "larger than " + MAX_BODY + " bytes");
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw AdminProblem.badHiddenValue("body", "not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw AdminProblem.badHiddenValue("body", "cannot be read");
        }
        if (node == null || !node.isObject()) {
            throw AdminProblem.badHiddenValue("body", "must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw AdminProblem.badHiddenValue(field, "unknown field (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        return node;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw AdminProblem.badValue(field, value, "must be a string");
        }
        return value.asText();
    }

    private static int wholeNumber(JsonNode value, String field) {
        if (value.canConvertToInt() && value.isIntegralNumber()) {
            return value.intValue();
        }
        if (value.isTextual() && value.asText().strip().matches("-?\\d{1,9}")) {
            return Integer.parseInt(value.asText().strip());
        }
        throw AdminProblem.badValue(field, value.isTextual() ? value.asText() : value, "is not a whole number");
    }

    private static char[] password(JsonNode body) {
        JsonNode value = body.get("password");
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw AdminProblem.badHiddenValue("password", "is required (a non-empty string)");
        }
        return value.asText().toCharArray();
    }

    private static void ok(Exchange exchange, Object body) {
        reply(exchange, 200, body);
    }

    private static void reply(Exchange exchange, int status, Object body) {
        try {
            ManagementReply.start(exchange, status, "application/json").setBody(JSON.writeValueAsString(body) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
