package org.keyrelay.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for the gateways the tests start, taken below the operating system's ephemeral range. A port the
 * system hands out for a probe ({@code new ServerSocket(0)}) comes from that range, which is also where every outgoing
 * connection of the tests gets its local port: by the time the gateway binds the probed port, one of them may hold it
 * ("Address already in use"). Below the range only listeners compete; each port is handed out once per run, in turn.
 */
public final class FreePort {

    private static final int[] RANGE = range();
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(RANGE[1] - RANGE[0]));

    private FreePort() {
    }

    /** A port free on 127.0.0.1 now, not one of the ephemeral range, not handed out before in this run. */
    public static int next() {
        int size = RANGE[1] - RANGE[0] + 1;
        for (int tries = 0; tries < size; tries++) {
            int port = RANGE[0] + Math.floorMod(NEXT.getAndIncrement(), size);
            if (free(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port from " + RANGE[0] + " to " + RANGE[1]);
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** 10000 up to the ephemeral range (Linux: ip_local_port_range, 32768-60999 by default), at most 32000. */
    private static int[] range() {
        int ephemeralStart = 32768;
        Path file = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            if (Files.isReadable(file)) {
                ephemeralStart = Integer.parseInt(Files.readString(file).strip().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException unreadable) {
            // the default range
        }
        int last = Math.min(32000, ephemeralStart - 1);
        return last > 11000 ? new int[] {10000, last} : new int[] {61000, 65000};
    }
}
