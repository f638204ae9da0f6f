package dev.gpsreplay.query;

import dev.gpsreplay.testsupport.Processes;
import dev.gpsreplay.testsupport.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of three masters (no replicas), each a {@link RedisServer} process with
 * {@code cluster-enabled yes} on a free loopback port, given a third of the 16,384 slots each and
 * joined with {@code CLUSTER ADDSLOTS} and {@code CLUSTER MEET} (what {@code redis-cli --cluster
 * create} does, without needing redis-cli), over {@link RawRedis}. Restarting a node is not
 * supported: it would come back without its slots. It lives beside its one user, not in
 * test-support.
 */
public final class RedisCluster implements AutoCloseable {

    private static final int MASTERS = 3;
    private static final int SLOTS = 16_384;
    /** A node's cluster bus listens on its port + 10000 (fixed before Redis 7's cluster-port). */
    private static final int BUS_OFFSET = 10_000;

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisServer> nodes = new ArrayList<>();

    private RedisCluster() {}

    /** Starts the nodes and forms the cluster; returns once every node reports {@code cluster_state:ok}. */
    public static RedisCluster start() {
        RedisCluster cluster = new RedisCluster();
        try {
            for (int i = 0; i < MASTERS; i++) {
                cluster.nodes.add(RedisServer.start(
                        List.of("cluster-enabled yes", "cluster-config-file nodes.conf", "cluster-node-timeout 5000"),
                        RedisCluster::portWithFreeBus));
            }
            for (int i = 0; i < MASTERS; i++) {
                List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                for (int slot = i * SLOTS / MASTERS; slot < (i + 1) * SLOTS / MASTERS; slot++) {
                    addSlots.add(Integer.toString(slot));
                }
                command(cluster.nodes.get(i), addSlots.toArray(String[]::new));
            }
            for (RedisServer node : cluster.nodes.subList(1, MASTERS)) {
                command(cluster.nodes.get(0), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(node.port()));
            }
            long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
            for (RedisServer node : cluster.nodes) {
                while (!String.valueOf(command(node, "CLUSTER", "INFO")).contains("cluster_state:ok")) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the nodes did not agree within " + JOIN_TIMEOUT);
                    }
                    Thread.sleep(100);
                }
            }
            return cluster;
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not start a Redis Cluster: " + e.getMessage(), e);
        }
    }

    /** The nodes' addresses for {@code quarkus.redis.hosts}, comma-separated. */
    public String hosts() {
        return nodes.stream().map(RedisServer::uri).collect(Collectors.joining(","));
    }

    /** How many keys each node holds, in node order (DBSIZE): where the data went. */
    public List<Long> keysPerNode() {
        List<Long> keys = new ArrayList<>();
        for (RedisServer node : nodes) {
            try {
                keys.add((Long) command(node, "DBSIZE"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keys;
    }

    /** Stops every node and deletes their folders. Idempotent. */
    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    private static Object command(RedisServer node, String... args) throws IOException {
        try (RawRedis redis = new RawRedis(node.port())) {
            return redis.call(args);
        }
    }

    /** A free port whose bus port (+10000) is a valid port and free too. */
    private static int portWithFreeBus() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = Processes.freePorts(1)[0];
            if (port + BUS_OFFSET <= 65_535) {
                try (ServerSocket bus = new ServerSocket(port + BUS_OFFSET, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IllegalStateException("No free port with a free cluster bus port (+" + BUS_OFFSET + ")");
    }
}
