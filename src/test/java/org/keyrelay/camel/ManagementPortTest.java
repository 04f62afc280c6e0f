package org.keyrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.KeyrelayApplication;
import org.keyrelay.admin.GatewayEndpoint;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.support.FreePort;
import org.keyrelay.support.Keyrings;
import org.keyrelay.support.MutableClock;

/**
 * The management port is taken before the ingress listens and served once the gateway has started: a busy port
 * still stops the gateway with a message naming it, and whoever started the gateway finds the port serving.
 */
class ManagementPortTest {

    @TempDir
    Path dir;

    @Test
    void should_stop_the_gateway_before_the_ingress_listens_when_the_management_port_is_busy() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int ingress = FreePort.next();
            Main main = gateway(ingress, busy.getLocalPort());

            Exception e = assertThrows(Exception.class, main::start);

            String why = messages(e);
            assertTrue(why.contains("The management port 127.0.0.1:" + busy.getLocalPort() + " cannot be opened"), why);
            assertTrue(why.contains("--management-port"), why);
            assertFalse(listening(ingress), "the ingress never listened");
            main.stop();
        }
    }

    @Test
    void should_serve_the_management_port_when_the_start_returns() throws Exception {
        int ingress = FreePort.next();
        Main main = gateway(ingress, 0);
        main.start();
        try {
            ManagementServer server = main.getCamelContext().getRegistry()
                    .lookupByNameAndType("managementServer", ManagementServer.class);
            assertTrue(listening(ingress));
            assertTrue(server.isServing());
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertEquals(server.url(), GatewayEndpoint.find(dir.resolve("state")).orElseThrow().url());
        } finally {
            main.stop();
        }
        assertTrue(GatewayEndpoint.find(dir.resolve("state")).isEmpty(), "management.json removed at stop");
    }

    private Main gateway(int ingress, int management) throws Exception {
        Path keyring = dir.resolve("keyring.yaml");
        Files.writeString(keyring, Keyrings.provider("http://127.0.0.1:9", 1));
        GatewaySettings settings = new GatewaySettings(keyring, "127.0.0.1", ingress, dir.resolve("state"), null,
                List.of(), "127.0.0.1", management);
        return KeyrelayApplication.create(settings, Map.of(), MutableClock.tickingFromNow());
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
