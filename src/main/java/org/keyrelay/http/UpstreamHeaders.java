package org.keyrelay.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Header hygiene for the request that goes upstream, in three small steps, each usable alone:
 * drop hop-by-hop headers, strip the client's own credentials, apply the chosen key.
 * Accept-Encoding is dropped too, so error bodies arrive readable for the classifier.
 */
public final class UpstreamHeaders {

    private UpstreamHeaders() {
    }

    public static List<Map.Entry<String, String>> removeHopByHop(List<Map.Entry<String, String>> headers) {
        Predicate<String> hopByHop = HeaderNames.hopByHop(headers.stream()
                .filter(h -> HeaderNames.lower(h.getKey()).equals("connection")).map(Map.Entry::getValue));
        return headers.stream()
                .filter(h -> !hopByHop.test(h.getKey()) && !HeaderNames.lower(h.getKey()).equals("accept-encoding"))
                .toList();
    }

    public static List<Map.Entry<String, String>> stripClientCredentials(List<Map.Entry<String, String>> headers,
                                                                         AuthStyle auth) {
        String providerHeader = HeaderNames.lower(auth.headerName());
        return headers.stream()
                .filter(h -> {
                    String name = HeaderNames.lower(h.getKey());
                    return !HeaderNames.CLIENT_CREDENTIALS.contains(name) && !name.equals(providerHeader);
                })
                .toList();
    }

    public static List<Map.Entry<String, String>> applyKey(List<Map.Entry<String, String>> headers, AuthStyle auth,
                                                           String secret) {
        List<Map.Entry<String, String>> out = new ArrayList<>(headers.size() + 1);
        out.addAll(headers);
        out.add(Map.entry(auth.headerName(), auth.headerValue(secret)));
        return out;
    }

    /** All three steps: what the upstream receives. */
    public static List<Map.Entry<String, String>> forUpstream(List<Map.Entry<String, String>> clientHeaders,
                                                              AuthStyle auth, String secret) {
        return applyKey(stripClientCredentials(removeHopByHop(clientHeaders), auth), auth, secret);
    }
}
