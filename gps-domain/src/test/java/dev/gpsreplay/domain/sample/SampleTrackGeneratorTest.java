package dev.gpsreplay.domain.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpsreplay.domain.Geodesy;
import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.domain.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SampleTrackGeneratorTest {

    private static final Instant START = Instant.parse("2024-05-14T08:00:00Z");

    private static Track drive(long seed) {
        return SampleTrackGenerator.generate("test", seed, START, -30.0277, -51.2287, Duration.ofMinutes(15));
    }

    @Test
    void theSameSeedGivesTheSameTrack() {
        assertThat(drive(3).fixes()).isEqualTo(drive(3).fixes());
        assertThat(drive(3).fixes()).isNotEqualTo(drive(4).fixes());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 17, 42})
    void isAPlausibleDrive(long seed) {
        Track track = drive(seed);
        List<GpsFix> fixes = track.fixes();

        assertThat(track.name()).isEqualTo("test");
        assertThat(fixes.get(0).timestamp()).isEqualTo(START);
        assertThat(track.duration()).isBetween(Duration.ofMinutes(15).minusSeconds(6), Duration.ofMinutes(15));
        assertThat(fixes.size()).as("about one fix a second").isBetween(800, 901);
        assertThat(Geodesy.distanceMeters(fixes.get(0), fixes.get(fixes.size() - 1)))
                .isLessThan(25_000);
        for (GpsFix fix : fixes) {
            assertThat(fix.speed()).isBetween(0.0, 35.0);
            assertThat(fix.bearing()).isGreaterThanOrEqualTo(0.0).isLessThan(360.0);
            assertThat(fix.accuracy()).isBetween(1.0, 20.0);
            assertThat(fix.satellites()).isBetween(4, 24);
            assertThat(fix.hdop()).isBetween(0.5, 3.0);
            assertThat(fix.pdop()).isGreaterThanOrEqualTo(fix.hdop());
            assertThat(fix.elevation()).isBetween(-100.0, 400.0);
        }
        assertThat(fixes.get(0).distanceMeters()).isZero();
        assertThat(fixes.get(0).elapsedTimeSeconds()).isZero();
        for (int i = 1; i < fixes.size(); i++) {
            GpsFix previous = fixes.get(i - 1);
            GpsFix fix = fixes.get(i);
            double seconds =
                    Duration.between(previous.timestamp(), fix.timestamp()).toMillis() / 1000.0;
            assertThat(seconds).as("one fix a second, or a 2–6 s gap").isBetween(1.0, 6.0);
            assertThat(fix.elapsedTimeSeconds()).isEqualTo(seconds);
            assertThat(fix.distanceMeters()).isCloseTo(Geodesy.distanceMeters(previous, fix), within(1e-9));
            assertThat(Math.abs(fix.elevation() - previous.elevation()))
                    .as("a smooth hill profile")
                    .isLessThan(3.0 * seconds);
        }
        assertThat(fixes)
                .as("has gaps")
                .anySatisfy(f -> assertThat(f.elapsedTimeSeconds()).isGreaterThan(1.5));
        assertThat(longestStopAfterMoving(fixes))
                .as("stops for some seconds after driving")
                .isGreaterThanOrEqualTo(5);
        assertThat(fixes)
                .as("reaches cruise speed")
                .anySatisfy(f -> assertThat(f.speed()).isGreaterThan(8.0));
    }

    @Test
    void turnsSmoothly() {
        List<GpsFix> fixes = drive(42).fixes();
        for (int i = 1; i < fixes.size(); i++) {
            GpsFix previous = fixes.get(i - 1);
            GpsFix fix = fixes.get(i);
            if (previous.speed() > 5 && fix.speed() > 5 && fix.elapsedTimeSeconds() == 1.0) {
                double change = Math.abs(((fix.bearing() - previous.bearing()) % 360 + 540) % 360 - 180);
                assertThat(change)
                        .as("bearing change in one second at %s", fix.timestamp())
                        .isLessThan(60.0);
            }
        }
    }

    /** The longest run of consecutive fixes below 0.5 m/s, counting only after 5 m/s was first reached. */
    private static int longestStopAfterMoving(List<GpsFix> fixes) {
        boolean moved = false;
        int run = 0;
        int longest = 0;
        for (GpsFix fix : fixes) {
            moved |= fix.speed() > 5;
            run = moved && fix.speed() < 0.5 ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
