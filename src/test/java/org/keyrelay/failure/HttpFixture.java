package org.keyrelay.failure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A recorded upstream answer under src/test/resources/fixtures/errors/: a status line
 * ({@code HTTP/1.1 429 Too Many Requests}), header lines, a blank line, then the body.
 */
record HttpFixture(String file, UpstreamAnswer answer) {

    static final String DIR = "/fixtures/errors/";

    static HttpFixture load(String file) {
        String text = resource(file).replace("\r\n", "\n");
        int blank = text.indexOf("\n\n");
        String head = blank < 0 ? text : text.substring(0, blank);
        String body = blank < 0 ? "" : text.substring(blank + 2);
        if (body.endsWith("\n")) {
            body = body.substring(0, body.length() - 1);
        }
        String[] lines = head.split("\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
        }
        return new HttpFixture(file, new UpstreamAnswer(status, headers, body));
    }

    static String resource(String file) {
        try (InputStream in = HttpFixture.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + DIR + file + " on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
