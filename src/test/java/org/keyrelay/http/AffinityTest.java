package org.keyrelay.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a request's conversation comes from: a header, or a JSON pointer into the body; never kept in clear. */
class AffinityTest {

    private static final List<Map.Entry<String, String>> NO_HEADERS = List.of();

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String fromBody(String pointer, String json) {
        return Affinity.parse("body:" + pointer).conversation(NO_HEADERS, body(json));
    }

    @Test
    void should_read_a_header_whatever_its_case() {
        Affinity affinity = Affinity.parse("header:X-Session-Id");
        String one = affinity.conversation(List.of(Map.entry("x-session-id", "s-1")), new byte[0]);
        String again = affinity.conversation(List.of(Map.entry("X-SESSION-ID", "s-1")), new byte[0]);
        String other = affinity.conversation(List.of(Map.entry("x-session-id", "s-2")), new byte[0]);

        assertNotNull(one);
        assertEquals(one, again);
        assertNotEquals(one, other);
        assertNull(affinity.conversation(List.of(Map.entry("x-other", "s-1")), new byte[0]));
    }

    @Test
    void should_read_the_value_at_a_json_pointer_in_the_body() {
        String a = fromBody("/metadata/user_id", "{\"model\":\"m\",\"metadata\":{\"user_id\":\"user-a\"},\"messages\":[]}");
        String a2 = fromBody("/metadata/user_id", "{\"messages\":[{\"role\":\"user\",\"content\":\"other\"}],\"metadata\":{\"user_id\":\"user-a\"}}");
        String b = fromBody("/metadata/user_id", "{\"metadata\":{\"user_id\":\"user-b\"}}");

        assertNotNull(a);
        assertEquals(a, a2, "the same conversation whatever else the body holds");
        assertNotEquals(a, b);
    }

    @Test
    void should_read_numbers_array_elements_and_whole_objects() {
        assertEquals(fromBody("/session", "{\"session\":42}"), fromBody("/session", "{\"x\":1,\"session\":42}"));
        assertNotNull(fromBody("/messages/0/content", "{\"messages\":[{\"content\":\"first prompt\"}]}"));
        assertEquals(fromBody("/meta", "{\"meta\":{\"a\":1,\"b\":[2]}}"), fromBody("/meta", "{\"meta\": {\"a\": 1, \"b\": [2]}}"),
                "an object counts by its content, not its spacing");
    }

    @Test
    void should_give_no_conversation_when_there_is_no_value() {
        assertNull(fromBody("/metadata/user_id", "{\"metadata\":{}}"));
        assertNull(fromBody("/metadata/user_id", "{\"metadata\":{\"user_id\":null}}"));
        assertNull(fromBody("/metadata/user_id", "{\"metadata\":{\"user_id\":\"  \"}}"));
        assertNull(fromBody("/metadata/user_id", "not json at all"));
        assertNull(Affinity.parse("body:/x").conversation(NO_HEADERS, new byte[0]));
        assertNull(Affinity.NONE.conversation(List.of(Map.entry("x-session-id", "s")), body("{}")));
    }

    @Test
    void should_never_hand_out_the_value_itself() {
        String secretish = "sk-user-session-1";
        String conversation = Affinity.parse("header:authorization").conversation(
                List.of(Map.entry("Authorization", secretish)), new byte[0]);

        assertFalse(conversation.contains("secret"), conversation);
        assertEquals(32, conversation.length(), "a fixed-size digest");
    }

    @Test
    void should_refuse_what_is_not_an_affinity() {
        assertThrows(IllegalArgumentException.class, () -> Affinity.parse("body:"));
        assertThrows(IllegalArgumentException.class, () -> Affinity.parse("body:/"));
        assertThrows(IllegalArgumentException.class, () -> Affinity.parse("header:"));
        assertThrows(IllegalArgumentException.class, () -> Affinity.parse("query:session"));
    }
}
