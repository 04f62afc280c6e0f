package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.JsonBody;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;

/**
 * A key added through the admin API may carry a label, as a keyring key may: shown in the key reports,
 * {@code /admin/stats} and the MBean, kept in keys.json across restarts; a bad label is a 400 naming field and value.
 */
class AddedKeyLabelsRouteTest {

    @TempDir
    Path dir;

    @Test
    void should_show_an_added_keys_label_everywhere_labels_are_shown_and_keep_it_across_a_restart() throws Exception {
        String keyring = Keyrings.provider("http://127.0.0.1:9", 1);
        MutableClock clock = MutableClock.tickingFromNow();
        try (RunningGateway gw = RunningGateway.start(dir, keyring, clock)) {
            HttpResponse<String> added = gw.admin("POST", "/admin/providers/p/keys",
                    "{\"id\":\"work\",\"secret\":\"sk-work-0123456789abcd\",\"label\":\"  Work account \"}");
            assertEquals(201, added.statusCode(), added.body());
            assertEquals("Work account", JsonBody.of(added).at("/key/label").asText(), "stripped, as the keyring's are");

            JsonNode keys = JsonBody.of(gw.admin("GET", "/admin/providers/p/keys", null)).get("keys");
            assertTrue(keys.get(0).get("label").isNull(), "the keyring key has none: " + keys);
            assertEquals("Work account", keys.get(1).get("label").asText());
            assertEquals("Work account", JsonBody.of(gw.admin("GET", "/admin/stats", null)).at("/providers/0/keys/1/label").asText());

            var server = ManagementFactory.getPlatformMBeanServer();
            ObjectName mbean = new ObjectName("keyrelay:type=KeyPool,provider=p");
            String[] shown = (String[]) server.getAttribute(mbean, "Keys");
            assertTrue(shown[1].startsWith("work \"Work account\"  "), Arrays.toString(shown));
            assertTrue(Arrays.toString((String[]) server.getAttribute(mbean, "Statistics")).contains("work \"Work account\"  0 requests"));
        }
        assertTrue(Files.readString(dir.resolve("state/keys.json")).contains("\"label\" : \"Work account\""));
        try (RunningGateway gw = RunningGateway.start(dir, keyring, clock)) {
            JsonNode keys = JsonBody.of(gw.admin("GET", "/admin/providers/p/keys", null)).get("keys");
            assertEquals("work", keys.get(1).get("id").asText(), keys.toString());
            assertEquals("Work account", keys.get(1).get("label").asText(), "the label came back with the key");
        }
    }

    @Test
    void should_answer_400_naming_the_label_field_and_value_and_add_nothing() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 1), MutableClock.tickingFromNow())) {
            String longLabel = "L".repeat(65);
            HttpResponse<String> tooLong = gw.admin("POST", "/admin/providers/p/keys",
                    "{\"secret\":\"sk-long-0123456789abcd\",\"label\":\"" + longLabel + "\"}");
            assertEquals(400, tooLong.statusCode(), tooLong.body());
            assertEquals("label", JsonBody.of(tooLong).at("/error/field").asText());
            assertEquals(longLabel, JsonBody.of(tooLong).at("/error/value").asText());
            assertTrue(JsonBody.of(tooLong).at("/error/message").asText().contains("is 65 characters long (at most 64)"), tooLong.body());
            assertFalse(tooLong.body().contains("sk-long"), "the secret is not echoed: " + tooLong.body());

            HttpResponse<String> twoLines = gw.admin("POST", "/admin/providers/p/keys",
                    "{\"secret\":\"sk-lines-0123456789abcd\",\"label\":\"Work\\naccount\"}");
            assertEquals(400, twoLines.statusCode(), twoLines.body());
            assertEquals("label", JsonBody.of(twoLines).at("/error/field").asText());
            assertEquals("Work\naccount", JsonBody.of(twoLines).at("/error/value").asText());
            assertTrue(JsonBody.of(twoLines).at("/error/message").asText().contains("line break"), twoLines.body());

            HttpResponse<String> notText = gw.admin("POST", "/admin/providers/p/keys",
                    "{\"secret\":\"sk-number-0123456789abcd\",\"label\":42}");
            assertEquals(400, notText.statusCode(), notText.body());
            assertEquals("label", JsonBody.of(notText).at("/error/field").asText());
            assertEquals("42", JsonBody.of(notText).at("/error/value").asText());

            assertEquals(1, gw.pool("p").size(), "nothing was added");
        }
    }
}
