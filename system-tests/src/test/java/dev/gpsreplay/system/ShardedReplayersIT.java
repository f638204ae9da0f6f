package dev.gpsreplay.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * #8.3, the scale-out shape: two replayers share one folder of tracks by shard (REPLAY_SHARD=0/2 and
 * 1/2), two query-api instances share the topic in one consumer group, one broker, one Redis. The
 * contract's checks (every fix of every track once, in order; every vehicle listed) pass only if the
 * shards together cover every vehicle exactly once and both query-api instances applied their part.
 */
class ShardedReplayersIT extends ReplayedTracksContract {

    private final List<ServiceProcess> replayers = new ArrayList<>();

    @Override
    Stack start(Path tracks, List<AutoCloseable> started) {
        EventDriven backbone = EventDriven.start(started);
        for (String shard : List.of("0/2", "1/2")) {
            replayers.add(backbone.startReplayer(tracks, started, Map.of("REPLAY_SHARD", shard)));
        }
        return new Stack(backbone.queryApi(), replayers.get(0));
    }

    @Test
    void eachVehicleIsReplayedByTheReplayerOfItsShardOnly() {
        List<String> all = new ArrayList<>();
        for (int shard = 0; shard < 2; shard++) {
            ServiceProcess replayer = replayers.get(shard);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> given().baseUri(replayer.baseUri())
                            .get("/replays")
                            .then()
                            .statusCode(200)
                            .body("state", everyItem(equalTo("FINISHED"))));
            List<String> vehicles = given().baseUri(replayer.baseUri())
                    .get("/replays")
                    .then()
                    .extract()
                    .path("vehicle_id");
            for (String vehicle : vehicles) {
                assertThat(crc32(vehicle) % 2).as(vehicle).isEqualTo(shard);
            }
            all.addAll(vehicles);
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(expectedVehicles());
    }

    private static long crc32(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
