package org.keyrelay.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The browser rule, case by case: Host names, origins, Sec-Fetch-Site, wildcards, CORS headers. */
class BrowserPolicyTest {

    private static final BrowserPolicy NONE = BrowserPolicy.NONE;
    private static final BrowserPolicy LISTED = new BrowserPolicy(List.of("gateway.lan", "*.corp.test"),
            List.of("http://localhost:3000", "https://*.example.test"));

    private static boolean passes(BrowserPolicy p, String host, String origin, String site) {
        return p.refusal("http", "127.0.0.1", host, origin, site).isEmpty();
    }

    @Test
    void should_take_loopback_names_the_own_host_and_listed_hosts_only() {
        for (String host : List.of("127.0.0.1:8080", "localhost", "LOCALHOST:8080", "app.localhost", "[::1]:8080",
                "127.1.2.3", "localhost.")) {
            assertTrue(passes(NONE, host, null, null), host);
        }
        for (String host : List.of("rebind.evil.example", "evil.example:8080", "10.0.0.5:8080", "localhost.evil.example",
                "gateway.lan")) {
            assertFalse(passes(NONE, host, null, null), host);
        }
        assertTrue(passes(LISTED, "gateway.lan:8080", null, null));
        assertTrue(passes(LISTED, "a.corp.test", null, null));
        assertTrue(NONE.refusal("http", "10.0.0.5", "10.0.0.5:8080", null, null).isEmpty(), "the host it listens on");
        assertFalse(NONE.refusal("http", "0.0.0.0", "0.0.0.0:8080", null, null).isEmpty(), "never the wildcard");
        assertTrue(passes(NONE, null, null, null), "no Host: not a browser");
    }

    @Test
    void should_refuse_other_pages_unless_their_origin_is_listed() {
        assertFalse(passes(NONE, "127.0.0.1:8080", "https://evil.example", "cross-site"));
        assertFalse(passes(NONE, "127.0.0.1:8080", null, "cross-site"));
        assertFalse(passes(NONE, "127.0.0.1:8080", null, "same-site"), "another port of localhost is another page");
        assertFalse(passes(NONE, "127.0.0.1:8080", "null", null), "a sandboxed page");
        assertTrue(passes(NONE, "127.0.0.1:8080", "http://127.0.0.1:8080", "same-origin"), "the port's own pages");
        assertTrue(passes(NONE, "127.0.0.1:8080", null, "none"), "typed in the address bar");
        assertTrue(passes(LISTED, "127.0.0.1:8080", "http://localhost:3000", "cross-site"));
        assertTrue(passes(LISTED, "127.0.0.1:8080", "https://app.example.test", "cross-site"));
        assertFalse(passes(LISTED, "127.0.0.1:8080", "http://localhost:3001", "cross-site"));
        assertFalse(passes(LISTED, "rebind.evil.example", "http://localhost:3000", "cross-site"), "the Host rule first");
    }

    @Test
    void should_give_cors_headers_to_an_allowed_origin_only() {
        assertEquals(List.of(), NONE.corsHeaders("http://localhost:3000"));
        assertEquals(List.of(), LISTED.corsHeaders(null));
        assertTrue(LISTED.corsHeaders("http://localhost:3000").contains(Map.entry("Access-Control-Allow-Origin",
                "http://localhost:3000")));
        List<Map.Entry<String, String>> preflight = LISTED.preflightHeaders("http://localhost:3000", "authorization");
        assertTrue(preflight.contains(Map.entry("Access-Control-Allow-Headers", "authorization")), preflight.toString());
        assertTrue(preflight.stream().anyMatch(h -> h.getKey().equals("Access-Control-Allow-Methods")));
        assertTrue(BrowserPolicy.isPreflight("OPTIONS", "http://x", "POST"));
        assertFalse(BrowserPolicy.isPreflight("OPTIONS", null, "POST"));
    }
}
