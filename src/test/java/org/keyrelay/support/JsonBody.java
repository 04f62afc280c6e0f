package org.keyrelay.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;

/** An answer's body read as JSON, for tests that look into what the gateway or its admin API answered. */
public final class JsonBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBody() {
    }

    public static JsonNode of(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
