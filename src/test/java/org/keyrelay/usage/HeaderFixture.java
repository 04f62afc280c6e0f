package org.keyrelay.usage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The head of a recorded answer under src/test/resources/fixtures/ratelimits/: its header lines, as sent. */
final class HeaderFixture {

    private HeaderFixture() {
    }

    static Map<String, List<String>> headers(String file) {
        String text = resource("/fixtures/ratelimits/" + file).replace("\r\n", "\n");
        int blank = text.indexOf("\n\n");
        String[] lines = (blank < 0 ? text : text.substring(0, blank)).split("\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip(), n -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        return headers;
    }

    static String resource(String path) {
        try (InputStream in = HeaderFixture.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path + " on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
