package dev.gpsreplay.common.view;

import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.event.FixEvent;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes fix events into the view with one atomic Lua script per event (state, history, index,
 * seed key and the live notification together). Idempotent: see {@code apply-fix.lua}.
 */
@ApplicationScoped
public class VehicleViewWriter {

    private static final String SCRIPT_RESOURCE = "gpsreplay/apply-fix.lua";

    private final ReactiveRedisDataSource redis;
    private final JsonCodec codec;
    private final ViewConfig config;
    private final String script = loadScript();
    private volatile String scriptSha;

    public VehicleViewWriter(ReactiveRedisDataSource redis, JsonCodec codec, ViewConfig config) {
        this.redis = redis;
        this.codec = codec;
        this.config = config;
    }

    /**
     * Applies one event.
     *
     * @return true when the view changed, false when the event was a duplicate or older than what
     *         the view holds
     */
    public Uni<Boolean> apply(FixEvent event) {
        List<String> args = scriptArguments(event);
        return RedisCalls.bounded(evaluate(args), config.redisTimeout(), "applying a fix")
                .map(response -> response.toInteger() == 1);
    }

    /** EVALSHA, falling back to EVAL when Redis lost its script cache (after a restart). */
    private Uni<Response> evaluate(List<String> args) {
        String sha = scriptSha;
        if (sha == null) {
            return evalWithSource(args);
        }
        List<String> shaArgs = new ArrayList<>(args.size() + 1);
        shaArgs.add(sha);
        shaArgs.addAll(args);
        return redis.execute("EVALSHA", shaArgs.toArray(String[]::new))
                .onFailure(e -> String.valueOf(e.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> evalWithSource(args));
    }

    private Uni<Response> evalWithSource(List<String> args) {
        List<String> evalArgs = new ArrayList<>(args.size() + 1);
        evalArgs.add(script);
        evalArgs.addAll(args);
        return redis.execute("EVAL", evalArgs.toArray(String[]::new))
                .call(() -> redis.execute("SCRIPT", "LOAD", script)
                        .invoke(sha -> scriptSha = sha.toString())
                        .onFailure().recoverWithNull());
    }

    private List<String> scriptArguments(FixEvent event) {
        String vehicleId = event.vehicleId();
        return List.of("4",
                ViewKeys.state(vehicleId), ViewKeys.track(vehicleId), ViewKeys.VEHICLES, ViewKeys.SEED_STATE,
                vehicleId,
                event.runId(),
                Long.toString(event.sequence()),
                codec.encode(event),
                Long.toString(event.fix().epochMillis()),
                codec.encode(event.fix()),
                Integer.toString(config.historySize()),
                ViewKeys.FIXES_CHANNEL,
                Long.toString(System.currentTimeMillis()));
    }

    private static String loadScript() {
        try (InputStream in = VehicleViewWriter.class.getClassLoader().getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCRIPT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
