package dev.gpsreplay.replayer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.domain.Track;
import dev.gpsreplay.domain.TrackReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact track gives back exactly the fixes it was built from. */
class CompactTrackTest {

    @Test
    void everyFixOfEverySampleComesBackExactly() throws Exception {
        for (String name : List.of("bus-17.csv", "taxi-42.csv", "van-07.csv")) {
            Track track = TrackReader.read(Path.of(System.getProperty("gpsreplay.data.dir"), name))
                    .track();
            CompactTrack compact = CompactTrack.of(track);
            assertThat(compact.size()).isEqualTo(track.size());
            for (int i = 0; i < track.size(); i++) {
                assertThat(compact.fix(i, 0)).as("%s fix %d", name, i).isEqualTo(track.fix(i));
            }
            assertThat(compact.bytes()).isLessThan(100L * track.size());
        }
    }

    @Test
    void nullsAndAwkwardValuesSurvive() {
        Instant t0 = Instant.parse("2020-01-01T00:00:00.123456789Z");
        Track track = new Track(
                "odd",
                List.of(
                        new GpsFix(
                                t0,
                                -27.71784157287977,
                                -51.0988658712078,
                                null,
                                4.0,
                                -0.0,
                                0.008167012,
                                null,
                                0.8,
                                null,
                                1e300,
                                0.0135115947340779,
                                2.0),
                        new GpsFix(
                                t0.plusMillis(1500),
                                90,
                                180,
                                984.2761120124112,
                                null,
                                359.99,
                                null,
                                14,
                                0.1,
                                1.6,
                                1.8,
                                0,
                                1.5)));
        CompactTrack compact = CompactTrack.of(track);
        for (int i = 0; i < 2; i++) {
            assertThat(compact.fix(i, 0)).isEqualTo(track.fix(i));
        }
        assertThat(compact.offsetNanos(1)).isEqualTo(1_500_000_000L);
        GpsFix shifted = compact.fix(1, 3_000_000_000L); // a looped track, 3 s later
        assertThat(shifted.timestamp()).isEqualTo(track.fix(1).timestamp().plusSeconds(3));
        assertThat(shifted)
                .usingRecursiveComparison()
                .ignoringFields("timestamp")
                .isEqualTo(track.fix(1));
    }

    @Test
    void timesTooFarApartForAReplayAreRefused() {
        Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
        Track track = new Track(
                "far",
                List.of(
                        new GpsFix(t0, 0, 0, null, null, null, null, null, null, null, null, 0, 0),
                        new GpsFix(
                                Instant.parse("+300000000-01-01T00:00:00Z"),
                                0,
                                0,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                0,
                                0)));
        assertThatThrownBy(() -> CompactTrack.of(track)).isInstanceOf(InvalidTrackTimeException.class);
    }
}
