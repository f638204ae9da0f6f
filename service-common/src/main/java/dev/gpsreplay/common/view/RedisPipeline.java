package dev.gpsreplay.common.view;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends many commands in one round trip. Against one Redis server the commands are written together
 * on one connection and answered in order (a pipeline; not a transaction). Against Redis Cluster a
 * pipeline may only target one node, so the commands are sent concurrently, each to its slot's node.
 *
 * <p>An error reply of any command fails the whole call; callers that must isolate a bad command
 * send the commands one by one after that.
 */
@ApplicationScoped
public class RedisPipeline {

    private final ReactiveRedisDataSource redis;
    private final boolean cluster;

    public RedisPipeline(
            ReactiveRedisDataSource redis,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.redis = redis;
        this.cluster = clientType.trim().toLowerCase(Locale.ROOT).equals("cluster");
    }

    /** The replies, in the order of the requests; no order between the commands is promised in a cluster. */
    public Uni<List<Response>> send(List<Request> requests) {
        return send(requests, null);
    }

    /**
     * The replies, in the order of the requests. Commands with the same order key run in the order
     * given, also in a cluster (there, commands of different keys run concurrently).
     *
     * @param orderKeys one per request, or null when the order between commands does not matter
     */
    public Uni<List<Response>> send(List<Request> requests, List<String> orderKeys) {
        if (requests.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (requests.size() == 1) {
            return redis.getRedis().send(requests.get(0)).map(Collections::singletonList);
        }
        if (!cluster) {
            return redis.getRedis().batch(requests);
        }
        // One cluster connection for the whole batch (it holds one pooled connection per node): a
        // connection per command would take the node pools' connections one command at a time, and
        // concurrent commands waiting on each other's pools stall them all.
        return redis.getRedis()
                .connect()
                .chain(connection -> (orderKeys == null
                                ? Uni.join()
                                        .all(requests.stream()
                                                .map(connection::send)
                                                .toList())
                                        .andFailFast()
                                : inOrderPerKey(connection, requests, orderKeys))
                        .onTermination()
                        .call(connection::close));
    }

    private static Uni<List<Response>> inOrderPerKey(
            RedisConnection connection, List<Request> requests, List<String> orderKeys) {
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            byKey.computeIfAbsent(orderKeys.get(i), k -> new ArrayList<>()).add(i);
        }
        Response[] replies = new Response[requests.size()];
        List<Uni<Void>> chains = new ArrayList<>();
        for (List<Integer> indexes : byKey.values()) {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int index : indexes) {
                chain = chain.chain(() -> connection
                        .send(requests.get(index))
                        .invoke(reply -> replies[index] = reply)
                        .replaceWithVoid());
            }
            chains.add(chain);
        }
        return Uni.join().all(chains).andFailFast().map(done -> Arrays.asList(replies));
    }

    /** Whether the client talks to a Redis Cluster ({@code quarkus.redis.client-type=cluster}). */
    public boolean cluster() {
        return cluster;
    }

    /** A call of the script: by its SHA1 against one server, with its text in a cluster (see {@link LuaScript}). */
    public Request script(LuaScript script, List<String> keys, List<String> args) {
        return cluster ? script.eval(keys, args) : script.call(keys, args);
    }

    /** One command. */
    public Uni<Response> send(Request request) {
        return redis.getRedis().send(request);
    }
}
