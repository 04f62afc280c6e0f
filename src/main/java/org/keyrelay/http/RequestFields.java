package org.keyrelay.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What the gateway reads from the top level of a request body, in one pass of a streaming parser (the body is not
 * built into a tree, and nested objects are skipped): the {@code "model"} it asks for and whether it states
 * {@code "stream"}. A body that is not a JSON object has neither.
 *
 * @param model  the top-level string "model", or null; only read from a body sent as JSON (no content type, or
 *               one that says json)
 * @param stream the top-level boolean "stream", or null when the body does not state it
 */
public record RequestFields(String model, Boolean stream) {

    private static final RequestFields NONE = new RequestFields(null, null);
    private static final JsonFactory JSON = new JsonFactory();

    /** @param contentType the request's Content-Type, or null */
    public static RequestFields of(byte[] body, String contentType) {
        if (body == null || body.length == 0) {
            return NONE;
        }
        boolean json = contentType == null || contentType.contains("json");
        String model = null;
        Boolean stream = null;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            while (((json && model == null) || stream == null) && p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (json && model == null && "model".equals(field) && value == JsonToken.VALUE_STRING) {
                    model = p.getText();
                } else if (stream == null && "stream".equals(field) && value.isBoolean()) {
                    stream = value == JsonToken.VALUE_TRUE;
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // not JSON past this point: what was read before stands
        }
        return new RequestFields(model, stream);
    }
}
