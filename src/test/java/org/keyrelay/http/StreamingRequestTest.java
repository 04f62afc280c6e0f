package org.keyrelay.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whether a request asks for a streamed answer: the body's "stream" when it says, Ollama's defaults when not. */
class StreamingRequestTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "/v1/chat/completions | {\"model\":\"m\",\"stream\":true}                 | true",
            "/v1/chat/completions | {\"model\":\"m\",\"stream\":false}                | false",
            "/v1/chat/completions | {\"model\":\"m\"}                                 | false",
            "/v1/messages         | {\"stream\":true,\"messages\":[{\"stream\":false}]} | true",
            "/v1/messages         | {\"messages\":[{\"stream\":true}]}                | false",
            "/api/chat            | {\"model\":\"llama3\"}                            | true",
            "/api/generate        | {\"model\":\"llama3\",\"stream\":false}           | false",
            "/api/pull            | {\"model\":\"llama3\"}                            | true",
            "/api/tags            | ''                                              | false",
            "/coding/api/chat/    | ''                                              | true",
            "/api/embed           | {\"model\":\"m\"}                                 | false",
            "/v1/chat/completions | {\"stream\":\"yes\"}                              | false",
            "/api/chat            | not json                                        | true",
    })
    void should_tell_a_streaming_request(String path, String body, boolean streaming) {
        Boolean stated = RequestFields.of(body.getBytes(StandardCharsets.UTF_8), "application/json").stream();
        assertEquals(streaming, StreamingRequest.expected(path, stated));
    }
}
