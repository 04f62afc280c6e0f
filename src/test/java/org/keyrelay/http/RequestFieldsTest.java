package org.keyrelay.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The body's top-level "model" and "stream", read in one pass. */
class RequestFieldsTest {

    @ParameterizedTest(name = "{0} ({1}) -> model {2}, stream {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "{\"model\":\"kimi-k2\",\"stream\":true}                              | application/json | kimi-k2 | true",
            "{\"stream\":false,\"messages\":[{\"model\":\"x\"}],\"model\":\"m\"}    | application/json | m       | false",
            "{\"messages\":[{\"stream\":true,\"model\":\"x\"}]}                  | application/json | -       | -",
            "{\"model\":42,\"stream\":\"yes\"}                                    | application/json | -       | -",
            "{\"model\":\"m\"}                                                    | -                | m       | -",
            "{\"model\":\"m\",\"stream\":true}                                    | text/plain       | -       | true",
            "{\"model\":\"m\",\"messages\":[{\"role\":                              | application/json | m       | -",
            "[{\"model\":\"m\"}]                                                  | application/json | -       | -",
            "not json                                                            | application/json | -       | -",
            "''                                                                  | application/json | -       | -",
    })
    void should_read_the_top_level_model_and_stream(String body, String contentType, String model, Boolean stream) {
        RequestFields fields = RequestFields.of(body.getBytes(StandardCharsets.UTF_8), contentType);
        assertEquals(model, fields.model());
        assertEquals(stream, fields.stream());
    }
}
