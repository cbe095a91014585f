package org.odenet.jobs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing standalone master URLs and telling an unreachable master before Spark's 60 s of retries. */
class StandaloneMasterTest {

    @Test
    void splitsStandbyMastersIntoAddresses() {
        StandaloneMaster ha = new StandaloneMaster("spark://m1.example:7077,m2.example:7078");
        assertEquals(List.of(InetSocketAddress.createUnresolved("m1.example", 7077),
                InetSocketAddress.createUnresolved("m2.example", 7078)), ha.addresses());
        assertTrue(StandaloneMaster.isStandalone("spark://h:1"));
        assertFalse(StandaloneMaster.isStandalone("local[*]"));
        assertFalse(StandaloneMaster.isStandalone("yarn"));
    }

    @Test
    void refusesUrlsWithoutHostOrPortNamingTheUrl() {
        for (String bad : new String[] {"spark://", "spark://host", "spark://host:7077,", "spark://host:x",
                "spark://host:7077/path", "local[*]"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StandaloneMaster(bad),
                    bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void aListeningMasterPasses() throws IOException {
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int closed = closedPort();
            // the first (standby) master is down, the second answers
            StandaloneMaster master = new StandaloneMaster(
                    "spark://127.0.0.1:" + closed + ",127.0.0.1:" + open.getLocalPort());
            assertDoesNotThrow(() -> master.requireReachable(2000));
        }
    }

    @Test
    void aClosedPortOrUnknownHostIsRefusedNamingTheUrlAndEachAddress() throws IOException {
        int closed = closedPort();
        String url = "spark://127.0.0.1:" + closed + ",no-such-host.invalid:7077";
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new StandaloneMaster(url).requireReachable(2000));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(e.getMessage().startsWith("cannot reach the Spark master " + url + " ("), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:" + closed + " connection refused"), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-host.invalid:7077 unknown host"), e.getMessage());
        assertTrue(seconds < 10, "refused within the timeouts, took " + seconds + " s");
        assertThrows(IllegalArgumentException.class, () -> new StandaloneMaster(url).requireReachable(0));
    }

    /** A loopback port nobody listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
