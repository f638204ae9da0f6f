package dev.gpsreplay.query.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.view.ViewKeys;
import dev.gpsreplay.query.RawRedis;
import dev.gpsreplay.query.ViewFixtures;
import dev.gpsreplay.testkit.RedisTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * A real Redis that already holds a large fleet's view when query-api starts, as after a restart of
 * query-api beside a running system: {@value #VEHICLES} vehicles, one state each, in the view's layout.
 */
public class LargeFleetRedisResource extends RedisTestResource {

    public static final int VEHICLES = 12_000;

    /** Vehicle ids sort in creation order: fleet-00000 ... */
    public static String vehicleId(int i) {
        return String.format("fleet-%05d", i);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        ObjectMapper json =
                new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        long now = System.currentTimeMillis();
        try (RawRedis redis = new RawRedis(server().port())) {
            for (int i = 0; i < VEHICLES; i++) {
                String id = vehicleId(i);
                FixEvent event = new FixEvent(
                        FixEvent.SCHEMA_VERSION,
                        id,
                        "run-" + i,
                        1,
                        0,
                        1,
                        Instant.ofEpochMilli(now),
                        ViewFixtures.fix(0, i % 30));
                redis.send(
                        "HSET",
                        ViewKeys.state(id),
                        "event",
                        json.writeValueAsString(event),
                        "run_id",
                        event.runId(),
                        "sequence",
                        "1",
                        "emitted_at",
                        Long.toString(now));
                redis.send("ZADD", ViewKeys.VEHICLES, Long.toString(now + i), id);
            }
            redis.flush();
            for (int i = 0; i < 2 * VEHICLES; i++) {
                redis.read();
            }
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
        return config;
    }
}
