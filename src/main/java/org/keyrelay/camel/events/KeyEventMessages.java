package org.keyrelay.camel.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.apache.camel.Header;

/** Message bodies the example routes in routes/events.camel.yaml post, built from the event's readable line. */
public final class KeyEventMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Slack or Mattermost incoming-webhook message: {@code {"text": "kimi/k1 cooled: ..."}}. */
    public String chat(@Header(KeyEventsToRoutes.TEXT) String text) throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("text", text));
    }
}
