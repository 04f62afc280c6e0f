package org.keyrelay.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamProxiesTest {

    private static Optional<UpstreamProxies.Proxy> proxyFor(Map<String, String> env, String upstream) {
        return UpstreamProxies.fromEnvironment(env).forOrigin(UpstreamOrigin.of(URI.create(upstream), null));
    }

    @Test
    void should_pick_the_proxy_by_the_upstreams_scheme() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "HTTP_PROXY", "plain.corp:8080");
        assertEquals(new UpstreamProxies.Proxy("proxy.corp", 3128, null, null), proxyFor(env, "https://api.openai.com/v1").orElseThrow());
        assertEquals(new UpstreamProxies.Proxy("plain.corp", 8080, null, null), proxyFor(env, "http://ollama.lan:11434").orElseThrow());
        assertFalse(proxyFor(Map.of("HTTP_PROXY", "http://plain.corp:8080"), "https://api.openai.com").isPresent());
    }

    @Test
    void should_prefer_the_lower_case_variable() {
        Map<String, String> env = Map.of("https_proxy", "http://lower:1", "HTTPS_PROXY", "http://upper:2");
        assertEquals("lower", proxyFor(env, "https://api.openai.com").orElseThrow().host());
    }

    @Test
    void should_reach_no_proxy_hosts_their_subdomains_and_loopback_directly() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://proxy.corp:3128",
                "NO_PROXY", " internal.example, .corp.example:443,10.1.2.3");
        assertFalse(proxyFor(env, "https://internal.example").isPresent());
        assertFalse(proxyFor(env, "https://llm.internal.example").isPresent());
        assertFalse(proxyFor(env, "https://a.corp.example").isPresent());
        assertFalse(proxyFor(env, "https://10.1.2.3:8443").isPresent());
        assertFalse(proxyFor(env, "https://127.0.0.1:8443").isPresent());
        assertFalse(proxyFor(env, "https://localhost:8443").isPresent());
        assertFalse(proxyFor(env, "https://[::1]:8443").isPresent());
        assertTrue(proxyFor(env, "https://notinternal.example").isPresent());
        assertTrue(proxyFor(env, "https://api.openai.com").isPresent());
        assertFalse(proxyFor(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*"), "https://api.openai.com").isPresent());
    }

    @Test
    void should_reach_the_address_blocks_of_no_proxy_directly() {
        Map<String, String> env = Map.of("HTTP_PROXY", "http://proxy.corp:3128", "HTTPS_PROXY", "http://proxy.corp:3128",
                "NO_PROXY", "10.0.0.0/8, 192.168.4.0/22,fd00::/8");
        assertFalse(proxyFor(env, "http://10.1.2.3:11434").isPresent());
        assertFalse(proxyFor(env, "http://192.168.7.255").isPresent());
        assertTrue(proxyFor(env, "http://192.168.8.1").isPresent(), "past the /22");
        assertFalse(proxyFor(env, "https://[fd12::1]:8443").isPresent());
        assertTrue(proxyFor(env, "https://[fe80::1]").isPresent());
        assertTrue(proxyFor(env, "http://11.0.0.1").isPresent());
        assertTrue(proxyFor(env, "https://10.example.com").isPresent(), "a name is not an address");
        assertTrue(UpstreamProxies.fromEnvironment(env).toString().contains("direct for 10.0.0.0/8,192.168.4.0/22,fd00::/8"),
                UpstreamProxies.fromEnvironment(env).toString());
    }

    @Test
    void should_refuse_a_no_proxy_block_it_cannot_read_naming_it() {
        for (String bad : List.of("10.0.0.0/33", "10.0.0.0/x", "corp/8")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpstreamProxies.fromEnvironment(
                    Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "NO_PROXY", "internal.example," + bad)));
            assertEquals("NO_PROXY: '" + bad + "' is not a host name or an address block (like 10.0.0.0/8 or fd00::/8)",
                    e.getMessage());
        }
    }

    @Test
    void should_read_proxy_credentials_and_never_show_the_password() {
        UpstreamProxies proxies = UpstreamProxies.fromEnvironment(Map.of("HTTPS_PROXY", "http://me:s3cr3t-pw@proxy.corp:3128"));
        UpstreamProxies.Proxy proxy = proxies.forOrigin(UpstreamOrigin.of(URI.create("https://api.openai.com"), null)).orElseThrow();
        assertEquals("me", proxy.username());
        assertEquals("s3cr3t-pw", proxy.password());
        assertFalse(proxy.toString().contains("s3cr3t-pw"), proxy.toString());
        assertFalse(proxies.toString().contains("s3cr3t-pw"), proxies.toString());
    }

    @Test
    void should_refuse_a_proxy_it_cannot_use_naming_the_variable_without_the_password() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UpstreamProxies.fromEnvironment(Map.of("HTTPS_PROXY", "socks5://me:s3cr3t-pw@proxy.corp:1080")));
        assertTrue(e.getMessage().startsWith("HTTPS_PROXY: 'socks5://me:***@proxy.corp:1080'"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t-pw"));
    }

    @Test
    void should_use_no_proxy_when_none_is_set() {
        assertEquals(UpstreamProxies.NONE, UpstreamProxies.fromEnvironment(Map.of("NO_PROXY", "example.com")));
    }
}
