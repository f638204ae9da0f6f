package dev.gpsreplay.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackMetricsTest {

    /** 0.0001 degree of longitude on the equator: the WGS84 equatorial radius times the angle. */
    private static final double STEP = 6_378_137.0 * Math.toRadians(0.0001); // 11.1319 m

    /** A fix on the equator at {@code seconds} after the epoch, {@code steps} × 0.0001° east. */
    private static GpsFix fix(double seconds, int steps, Double speed) {
        return new GpsFix(
                Instant.ofEpochMilli((long) (seconds * 1000)),
                0.0,
                steps * 0.0001,
                null,
                null,
                null,
                speed,
                null,
                null,
                null,
                null,
                0,
                0);
    }

    @Test
    void anEmptyListHasNoSpeedsAndNothingElse() {
        assertThat(TrackMetrics.over(List.of())).isEqualTo(new TrackStats(null, null, 0, null, null, 0, 0));
    }

    @Test
    void aSingleFixWithoutSpeedHasSpeedZero() {
        TrackStats stats = TrackMetrics.over(List.of(fix(5, 0, null)));
        assertThat(stats)
                .isEqualTo(new TrackStats(Instant.ofEpochSecond(5), Instant.ofEpochSecond(5), 1, 0.0, 0.0, 0, 0));
    }

    @Test
    void derivesMissingSpeedsAndCountsMovingTimeFromTheThreshold() {
        List<GpsFix> fixes = List.of(
                fix(0, 0, null), // first: speed 0
                fix(2, 1, null), // one step in 2 s: STEP / 2 = 5.566 m/s, moving for 2 s
                fix(3, 1, null), // no move in 1 s: 0 m/s
                fix(3, 2, null), // one step in 0 s: interval 0, so speed 0
                fix(5, 3, 0.4), // recorded 0.4 m/s: below the threshold, 2 s not moving
                fix(6, 4, 0.5)); // recorded 0.5 m/s: exactly the threshold, 1 s moving

        TrackStats stats = TrackMetrics.over(fixes);

        assertThat(stats.fixes()).isEqualTo(6);
        assertThat(stats.from()).isEqualTo(Instant.EPOCH);
        assertThat(stats.to()).isEqualTo(Instant.ofEpochSecond(6));
        assertThat(stats.maxSpeedMetersPerSecond()).isCloseTo(STEP / 2, within(1e-9));
        assertThat(stats.averageSpeedMetersPerSecond()).isCloseTo((STEP / 2 + 0.4 + 0.5) / 6, within(1e-9));
        assertThat(stats.distanceMeters()).isCloseTo(4 * STEP, within(1e-6));
        assertThat(stats.movingTimeSeconds()).isEqualTo(3.0);
    }

    @Test
    void usesRecordedSpeedsAsTheyAre() {
        // Positions say 11 m/s, the recorded speeds win: the mean is over fixes, not distance / time.
        List<GpsFix> fixes = List.of(fix(0, 0, 1.0), fix(1, 1, 3.0), fix(2, 2, 8.0));

        TrackStats stats = TrackMetrics.over(fixes);

        assertThat(stats.averageSpeedMetersPerSecond()).isEqualTo(4.0);
        assertThat(stats.maxSpeedMetersPerSecond()).isEqualTo(8.0);
        assertThat(stats.distanceMeters()).isCloseTo(2 * STEP, within(1e-6));
        assertThat(stats.movingTimeSeconds()).isEqualTo(2.0);
    }

    @Test
    void ignoresTheRecordedStepDistances() {
        GpsFix a = new GpsFix(Instant.EPOCH, 0, 0, null, null, null, 1.0, null, null, null, null, 500, 0);
        GpsFix b =
                new GpsFix(Instant.ofEpochSecond(1), 0, 0.0001, null, null, null, 1.0, null, null, null, null, 700, 1);
        assertThat(TrackMetrics.over(List.of(a, b)).distanceMeters()).isCloseTo(STEP, within(1e-6));
    }

    @Test
    void speedOfAFix() {
        assertThat(TrackMetrics.speedOf(null, fix(0, 0, null))).isZero();
        assertThat(TrackMetrics.speedOf(null, fix(0, 0, 2.5))).isEqualTo(2.5);
        assertThat(TrackMetrics.speedOf(fix(0, 0, null), fix(4, 1, null))).isCloseTo(STEP / 4, within(1e-9));
        assertThat(TrackMetrics.speedOf(fix(0, 0, null), fix(4, 1, 9.0))).isEqualTo(9.0);
    }

    @Test
    void theAccumulatorGivesTheSameResultAsOverForEveryPrefix() {
        List<GpsFix> fixes = List.of(fix(0, 0, null), fix(1, 1, 3.0), fix(3, 4, null), fix(4, 4, null), fix(5, 5, 0.2));
        TrackMetrics.Accumulator accumulator = new TrackMetrics.Accumulator();
        assertThat(accumulator.stats()).isEqualTo(TrackMetrics.over(List.of()));
        for (int i = 0; i < fixes.size(); i++) {
            accumulator.add(fixes.get(i));
            assertThat(accumulator.stats()).isEqualTo(TrackMetrics.over(fixes.subList(0, i + 1)));
        }
    }

    @Test
    void refusesFixesOutOfTimeOrder() {
        assertThatThrownBy(() -> TrackMetrics.over(List.of(fix(2, 0, null), fix(1, 1, null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("older");
    }
}
