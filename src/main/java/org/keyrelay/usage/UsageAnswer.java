package org.keyrelay.usage;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.keyrelay.failure.RetryAfter;

/**
 * Reads a usage poll's answer (JSON) into budgets by the poll's windows. A window whose numbers are missing or do not
 * read is left out; an answer that is not JSON is {@link Unreadable}. Numbers may be JSON numbers or text ("74").
 */
public final class UsageAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The answer did not read as JSON, or stated no window. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    private UsageAnswer() {
    }

    /**
     * @param now when it was read; a window without a readable reset is taken to reset at the next poll
     *            ({@code now + every})
     */
    public static List<Budget> read(String body, UsagePoll poll, Instant now) throws Unreadable {
        JsonNode root;
        try {
            root = body == null ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw new Unreadable("not JSON");
        }
        if (root == null || !root.isContainerNode()) {
            throw new Unreadable("not a JSON object");
        }
        List<Budget> out = new ArrayList<>();
        for (UsageWindow w : poll.windows()) {
            Budget b = window(root, w, poll, now);
            if (b != null) {
                out.add(b);
            }
        }
        if (out.isEmpty()) {
            throw new Unreadable("no window of the answer reads (" + poll.windows().stream().map(UsageWindow::name)
                    .toList() + ")");
        }
        return out;
    }

    private static Budget window(JsonNode root, UsageWindow w, UsagePoll poll, Instant now) {
        Double limit = number(at(root, w.limit()));
        Double remaining = number(at(root, w.remaining()));
        Double used = number(at(root, w.used()));
        if (w.fraction()) {
            if (used == null) {
                return null;
            }
            limit = 100.0;
            remaining = 100 * (1 - Math.min(1, Math.max(0, used)));
        } else if (remaining == null && used != null && limit != null) {
            remaining = limit - used;
        }
        if (remaining == null || limit != null && (limit < 0 || limit.isNaN())) {
            return null;
        }
        Instant reset = null;
        JsonNode resetNode = at(root, w.resetAt());
        if (resetNode != null && !resetNode.isNull() && !resetNode.isContainerNode()) {
            reset = RetryAfter.resetValue(resetNode.asText().strip(), now).orElse(null);
        }
        if (reset == null || !reset.isAfter(now)) {
            reset = now.plus(poll.every());
        }
        return new Budget(w.name(), limit == null ? 0 : limit, remaining, reset, now, poll.stopAt());
    }

    private static JsonNode at(JsonNode root, String pointer) {
        if (pointer == null) {
            return null;
        }
        JsonNode n = root.at(JsonPointer.compile(pointer));
        return n.isMissingNode() ? null : n;
    }

    private static Double number(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        if (n.isNumber()) {
            return Double.isFinite(n.asDouble()) ? n.asDouble() : null;
        }
        try {
            double d = new BigDecimal(n.asText().strip()).doubleValue();
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
