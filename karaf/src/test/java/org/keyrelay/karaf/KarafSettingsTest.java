package org.keyrelay.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KarafSettingsTest {

    private static final Path ETC = Path.of("/opt/karaf/etc");
    private static final Path DATA = Path.of("/opt/karaf/data");

    @Test
    void should_default_to_loopback_8080_and_karafs_folders_without_a_configuration() {
        KarafSettings s = KarafSettings.from(Map.of(), ETC, DATA);

        assertEquals("127.0.0.1", s.gateway().host());
        assertEquals(8080, s.gateway().port());
        assertEquals(Path.of("/opt/karaf/etc/keyrelay/keyring.yaml"), s.gateway().keyring());
        assertEquals(Path.of("/opt/karaf/etc/keyrelay/routes"), s.gateway().routes());
        assertEquals(Path.of("/opt/karaf/data/keyrelay"), s.gateway().stateDir());
        assertEquals(List.of(), s.gateway().clientTokens());
        assertEquals(Duration.ofSeconds(10), s.tuning().relay().connectTimeout());
        assertEquals(Duration.ofSeconds(300), s.tuning().relay().responseTimeout());
        assertEquals(4, s.tuning().relay().threads());
    }

    @Test
    void should_read_every_setting_of_org_keyrelay_cfg() {
        KarafSettings s = KarafSettings.from(Map.of("host", "0.0.0.0", "port", " 9090 ", "keyring", "/srv/keyring.yaml",
                "routes", "/srv/routes", "state-dir", "/srv/state", "client-tokens", "a, b,,",
                "upstream.connect-timeout", "2s", "upstream.response-timeout", "5m", "relay.threads", "8"), ETC, DATA);

        assertEquals("0.0.0.0", s.gateway().host());
        assertEquals(9090, s.gateway().port());
        assertEquals(Path.of("/srv/keyring.yaml"), s.gateway().keyring());
        assertEquals(Path.of("/srv/routes"), s.gateway().routes());
        assertEquals(Path.of("/srv/state"), s.gateway().stateDir());
        assertEquals(List.of("a", "b"), s.gateway().clientTokens());
        assertEquals(Duration.ofSeconds(2), s.tuning().relay().connectTimeout());
        assertEquals(Duration.ofMinutes(5), s.tuning().relay().responseTimeout());
        assertEquals(8, s.tuning().relay().threads());
    }

    @Test
    void should_take_an_empty_value_as_the_default() {
        assertEquals(8080, KarafSettings.from(Map.of("port", " ", "client-tokens", ""), ETC, DATA).gateway().port());
    }

    @Test
    void should_read_the_same_tuning_as_the_jar_without_its_prefix() {
        KarafSettings s = KarafSettings.from(Map.of("ingress.max-connections", "10", "upstream.idle-timeout", "1m",
                "events.queue", "5"), ETC, DATA);
        assertEquals(10, s.tuning().ingress().maxConnections());
        assertEquals(Duration.ofMinutes(1), s.tuning().relay().idleTimeout());
        assertEquals(5, s.tuning().eventsQueue());
    }

    @Test
    void should_name_the_file_the_setting_the_value_and_what_is_allowed() {
        assertEquals("etc/org.keyrelay.cfg: ingress.max-connections: 'lots' is not a whole number of at least 1",
                problem("ingress.max-connections", "lots"));
        assertEquals("etc/org.keyrelay.cfg: port: 'eighty' is not a port (1-65535)", problem("port", "eighty"));
        assertEquals("etc/org.keyrelay.cfg: port: '70000' is not a port (1-65535)", problem("port", "70000"));
        assertEquals("etc/org.keyrelay.cfg: relay.threads: '0' is not a whole number from 1 to 256",
                problem("relay.threads", "0"));
        assertEquals("etc/org.keyrelay.cfg: upstream.response-timeout: 'soon' is not a duration such as 10s, 5m or 1h",
                problem("upstream.response-timeout", "soon"));
    }

    private static String problem(String key, String value) {
        return assertThrows(IllegalArgumentException.class, () -> KarafSettings.from(Map.of(key, value), ETC, DATA))
                .getMessage();
    }
}
