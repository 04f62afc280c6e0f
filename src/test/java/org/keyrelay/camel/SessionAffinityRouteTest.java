package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keyrelay.support.GatewayFixture;
import org.keyrelay.support.StubUpstream.Answer;

/** Through the real routes: a conversation stays on its key while it is usable, then moves and stays on the new one. */
class SessionAffinityRouteTest {

    @RegisterExtension
    final GatewayFixture fx = new GatewayFixture();

    private String keyOf(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return response.headers().firstValue("X-Keyrelay-Key").orElseThrow();
    }

    private String viaHeader(String session) throws Exception {
        return keyOf(fx.gw().post("/p/v1/chat/completions", "{\"model\":\"m\"}", "x-session-id", session));
    }

    private String viaBody(String user) throws Exception {
        return keyOf(fx.gw().post("/p/v1/messages", "{\"model\":\"m\",\"metadata\":{\"user_id\":\"" + user
                + "\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    }

    @Test
    void should_keep_two_conversations_on_their_keys_and_move_one_when_its_key_cools() throws Exception {
        fx.start(3, "affinity: header:x-session-id");

        StringBuilder x = new StringBuilder();
        StringBuilder y = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            x.append(viaHeader("conversation-x"));
            y.append(viaHeader("conversation-y"));
        }
        assertEquals("aaaa", x.toString());
        assertEquals("bbbb", y.toString());

        fx.upstream().script("key-a", Answer.rateLimited(600));
        x.setLength(0);
        y.setLength(0);
        for (int i = 0; i < 4; i++) {
            x.append(viaHeader("conversation-x"));
            y.append(viaHeader("conversation-y"));
        }

        assertEquals("cccc", x.toString(), "x moved off its cooling key, and stays on the new one");
        assertEquals("bbbb", y.toString(), "y never noticed");
        assertEquals("ab" + "ab".repeat(3) + "ac" + "bc".repeat(3) + "b", fx.upstream().keySequence());
    }

    @Test
    void should_read_the_conversation_from_a_json_pointer_in_the_body() throws Exception {
        fx.start(2, "affinity: body:/metadata/user_id");

        assertEquals("abab", viaBody("u1") + viaBody("u2") + viaBody("u1") + viaBody("u2"));
        assertEquals("aa", viaBody("u1") + viaBody("u1"));
    }

    @Test
    void should_place_requests_by_the_strategy_when_the_provider_has_no_affinity() throws Exception {
        fx.start(2);

        assertEquals("abab", viaHeader("conversation-x") + viaHeader("conversation-x") + viaHeader("conversation-x")
                + viaHeader("conversation-x"));
    }
}
