package org.odenet.jobs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark standalone master URL, {@code spark://host:port} or {@code spark://host1:port1,host2:port2} (standby
 * masters), split into its addresses. Spark's client tries to register for 3 × 20 s before it gives up and
 * leaves a stopped context behind; {@link #requireReachable(int)} tells an unreachable master within the
 * connect timeout instead, and {@link #createSession} one that accepts connections but does not register the
 * application within a patience.
 */
final class StandaloneMaster {
    private static final String SCHEME = "spark://";

    private final String url;
    private final List<InetSocketAddress> addresses;

    /**
     * @param url a {@code spark://} URL with a port for every host
     * @throws IllegalArgumentException naming the URL when it is not one
     */
    StandaloneMaster(String url) {
        if (url == null || !url.startsWith(SCHEME) || url.length() == SCHEME.length()) {
            throw new IllegalArgumentException("master URL '" + url + "' is not spark://host:port");
        }
        List<InetSocketAddress> parsed = new ArrayList<>();
        for (String hostPort : url.substring(SCHEME.length()).split(",", -1)) {
            parsed.add(parse(url, hostPort));
        }
        this.url = url;
        this.addresses = List.copyOf(parsed);
    }

    /** Whether {@code master} is a standalone master URL (other masters are not probed). */
    static boolean isStandalone(String master) {
        return master != null && master.startsWith(SCHEME);
    }

    /** The masters' addresses, unresolved, in the URL's order. */
    List<InetSocketAddress> addresses() {
        return addresses;
    }

    /**
     * Returns when one of the masters accepts a TCP connection within {@code timeoutMillis}.
     *
     * @throws IllegalStateException naming the URL and why each address failed, when none does
     */
    void requireReachable(int timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be > 0, got " + timeoutMillis);
        }
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            String why = connect(address, timeoutMillis);
            if (why == null) {
                return;
            }
            failures.add(address.getHostString() + ":" + address.getPort() + " " + why);
        }
        throw new IllegalStateException("cannot reach the Spark master " + url + " (" + String.join("; ", failures)
                + "); check --master and that the master is running");
    }

    /**
     * Creates the session on this master.
     *
     * @param builder a session builder whose master is this URL
     * @param connectTimeoutMillis how long a master gets to accept a connection, &gt; 0
     * @param registrationPatienceMillis how long the master gets to register the application, &gt; 0
     * @throws IllegalStateException naming the URL when no master can be reached or none registers the application
     */
    SparkSession createSession(SparkSession.Builder builder, int connectTimeoutMillis,
            long registrationPatienceMillis) {
        requireReachable(connectTimeoutMillis);
        SparkSession spark = null;
        RuntimeException failure = null;
        boolean fired;
        try (RegistrationWatchdog watchdog = new RegistrationWatchdog(Thread.currentThread(),
                registrationPatienceMillis)) {
            try {
                spark = builder.getOrCreate();
            } catch (Exception e) { // Spark rethrows the watchdog's InterruptedException unchecked
                failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            watchdog.close();
            fired = watchdog.fired();
        }
        if (fired) {
            Thread.interrupted();
            throw new IllegalStateException("the Spark master " + url + " accepts connections but did not register "
                    + "the application within " + registrationPatienceMillis / 1000 + " s; is it a master's port "
                    + "(7077 by default; 8080 is its web UI)?");
        }
        boolean stopped = failure != null ? String.valueOf(failure.getMessage()).contains("stopped SparkContext")
                : spark.sparkContext().isStopped();
        if (stopped) {
            throw new IllegalStateException("the Spark master " + url + " did not register the application (Spark "
                    + "gave up after its retries); check the URL and the master's log");
        }
        if (failure != null) {
            throw failure;
        }
        return spark;
    }

    private static String connect(InetSocketAddress unresolved, int timeoutMillis) {
        InetSocketAddress address = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        if (address.isUnresolved()) {
            return "unknown host";
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, timeoutMillis);
            return null;
        } catch (java.net.SocketTimeoutException e) {
            return "no answer within " + timeoutMillis / 1000.0 + " s";
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().toLowerCase();
        }
    }

    private static InetSocketAddress parse(String url, String hostPort) {
        URI uri;
        try {
            uri = new URI(SCHEME + hostPort);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("master URL '" + url + "': '" + hostPort + "' is not host:port");
        }
        if (uri.getHost() == null || uri.getPort() < 0 || uri.getPath() != null && !uri.getPath().isEmpty()) {
            throw new IllegalArgumentException("master URL '" + url + "': '" + hostPort
                    + "' is not host:port (spark://host:7077)");
        }
        return InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort());
    }

    @Override
    public String toString() {
        return url;
    }
}
