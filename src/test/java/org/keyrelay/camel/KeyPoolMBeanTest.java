package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RunningGateway;

/** Each provider's pool is an MBean Hawtio can read and operate, with every attribute and operation described. */
class KeyPoolMBeanTest {

    private static final String[] STRING = {String.class.getName()};

    @TempDir
    Path dir;

    @Test
    void should_show_the_pool_masked_and_operate_it_through_the_mbean_server() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("keyrelay:type=KeyPool,provider=p");
        String keyring = "providers:\n  - id: p\n    upstream: http://127.0.0.1:9\n    strategy: fill-first\n    keys:\n"
                + "      - {id: main, secret: sk-kimi-0123456789DigS}\n      - {id: spare, secret: sk-spare-0123456789xyz}\n";
        try (RunningGateway gw = RunningGateway.start(dir, keyring, MutableClock.tickingFromNow())) {
            assertEquals("fill-first", server.getAttribute(name, "Strategy"));
            assertEquals(2, server.getAttribute(name, "KeyCount"));
            assertEquals(2, server.getAttribute(name, "UsableKeys"));
            String[] keys = (String[]) server.getAttribute(name, "Keys");
            assertArrayEquals(new String[] {"main  sk-ki…DigS  active  100%", "spare  sk-sp…9xyz  active  100%"}, keys);
            assertFalse(Arrays.toString(keys).contains("0123456789"), "secrets are masked");

            assertEquals("main disabled 100%", server.invoke(name, "disable", new Object[] {"main"}, STRING));
            assertEquals(Map.of("main", "disabled", "spare", "active"), server.getAttribute(name, "States"));
            assertEquals(1, server.getAttribute(name, "UsableKeys"));
            assertEquals("main active 100%", server.invoke(name, "enable", new Object[] {"main"}, STRING));
            assertEquals("main active 100%", server.invoke(name, "reset", new Object[] {"main"}, STRING));
            assertEquals("now using spare", server.invoke(name, "use", new Object[] {"spare"}, STRING));
            assertEquals("now using main", server.invoke(name, "rotate", new Object[0], new String[0]));
            assertEquals("strategy round-robin", server.invoke(name, "setStrategy", new Object[] {"round-robin"}, STRING));
            assertEquals("round-robin", gw.gateway().provider("p").orElseThrow().pool().strategy().configName());
            assertEquals(Map.of("main", 100, "spare", 100), server.getAttribute(name, "Health"));

            RuntimeMBeanException unknown = assertThrows(RuntimeMBeanException.class,
                    () -> server.invoke(name, "disable", new Object[] {"nope"}, STRING));
            assertTrue(unknown.getCause().getMessage().contains("Its keys: main, spare"), unknown.getCause().getMessage());
        }
        assertFalse(server.isRegistered(name), "unregistered when the gateway stops");
    }

    @Test
    void should_describe_every_attribute_operation_and_parameter() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, Keyrings.provider("http://127.0.0.1:9", 1), MutableClock.tickingFromNow())) {
            MBeanInfo info = ManagementFactory.getPlatformMBeanServer().getMBeanInfo(new ObjectName("keyrelay:type=KeyPool,provider=p"));
            assertTrue(info.getDescription().contains("Key pool of provider 'p'"));
            for (MBeanAttributeInfo a : info.getAttributes()) {
                assertFalse(a.getDescription().startsWith("Attribute exposed"), a.getName() + ": " + a.getDescription());
            }
            assertEquals(10, info.getAttributes().length, "9 and InUse");
            for (MBeanOperationInfo o : info.getOperations()) {
                assertFalse(o.getDescription().startsWith("Operation exposed"), o.getName() + ": " + o.getDescription());
                Arrays.stream(o.getSignature()).forEach(p -> {
                    assertTrue(p.getName().equals("keyId") || p.getName().equals("name") || p.getName().equals("refresh"),
                            o.getName() + " " + p.getName());
                    assertFalse(p.getDescription().isBlank());
                });
            }
            assertEquals(8, info.getOperations().length, "rotate, refresh, use, enable, disable, reset, setStrategy, models");
        }
    }
}
