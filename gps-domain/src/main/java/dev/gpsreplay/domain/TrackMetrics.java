package dev.gpsreplay.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Speed, distance and moving-time metrics over a run of consecutive fixes.
 *
 * <p>Everything is computed from the fixes passed in, never from the {@code distanceMeters} /
 * {@code elapsedTimeSeconds} the track recorded, so that the metrics of a time window do not depend
 * on fixes outside it.
 */
public final class TrackMetrics {

    /**
     * Ground speed, in m/s, from which a vehicle counts as moving. GPS noise makes a parked receiver
     * report a few cm/s to a few dm/s, so anything below walking pace is treated as standing still.
     */
    public static final double MOVING_SPEED_THRESHOLD = 0.5;

    private TrackMetrics() {}

    /**
     * Metrics over fixes given in non-decreasing time order (for example the fixes of a time window).
     * With {@code n} fixes {@code f_1..f_n} and {@code t_i} the timestamp of {@code f_i}:
     * <ul>
     *   <li>{@code fixes} = {@code n}; {@code from} = {@code t_1}, {@code to} = {@code t_n}
     *       (both null when {@code n = 0}).</li>
     *   <li>The speed {@code v_i} of a fix is its recorded {@link GpsFix#speed()}; when that is null it
     *       is {@code Geodesy.distanceMeters(f_(i-1), f_i) / (t_i - t_(i-1))}, and 0 for the first
     *       fix of the list or when {@code t_i = t_(i-1)} (see {@link #speedOf(GpsFix, GpsFix)}).</li>
     *   <li>{@code averageSpeedMetersPerSecond} = arithmetic mean of {@code v_1..v_n} (a mean over
     *       fixes, not distance / time: this is what the seed system reported);
     *       {@code maxSpeedMetersPerSecond} = the largest {@code v_i}; both null when {@code n = 0}.</li>
     *   <li>{@code distanceMeters} = sum over {@code i = 2..n} of the WGS84 geodesic distance from
     *       {@code f_(i-1)} to {@code f_i} (0 for fewer than two fixes).</li>
     *   <li>{@code movingTimeSeconds} = sum over {@code i = 2..n} of {@code t_i - t_(i-1)} for the
     *       pairs where {@code v_i >= }{@link #MOVING_SPEED_THRESHOLD}.</li>
     * </ul>
     *
     * @param fixes consecutive fixes, oldest first
     * @return the metrics
     * @throws IllegalArgumentException when a fix is older than the one before it
     */
    public static TrackStats over(List<GpsFix> fixes) {
        Accumulator accumulator = new Accumulator();
        fixes.forEach(accumulator::add);
        return accumulator.stats();
    }

    /**
     * The speed {@link #over(List)} uses for a fix: the recorded speed, or else the geodesic distance
     * from the previous fix divided by the time between them.
     *
     * @param previous the fix before {@code fix}, or null when {@code fix} is the first
     * @param fix      the fix whose speed is wanted
     * @return metres per second; 0 when derived for a first fix or a zero time interval
     */
    public static double speedOf(GpsFix previous, GpsFix fix) {
        if (fix.speed() != null || previous == null) {
            return speedOf(fix, 0, 0);
        }
        return speedOf(
                fix, Geodesy.distanceMeters(previous, fix), secondsBetween(previous.timestamp(), fix.timestamp()));
    }

    /** The recorded speed, or else the distance over the interval (0 for a zero interval). */
    private static double speedOf(GpsFix fix, double metersFromPrevious, double secondsFromPrevious) {
        if (fix.speed() != null) {
            return fix.speed();
        }
        return secondsFromPrevious > 0 ? metersFromPrevious / secondsFromPrevious : 0;
    }

    private static double secondsBetween(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /**
     * Computes the same metrics as {@link TrackMetrics#over(List)} one fix at a time, for a window
     * that only grows at its end (for example while a track is being replayed). Not thread-safe.
     */
    public static final class Accumulator {

        private GpsFix first;
        private GpsFix last;
        private int count;
        private double speedSum;
        private double maxSpeed;
        private double distanceMeters;
        private double movingTimeSeconds;

        /**
         * Appends the next fix.
         *
         * @param fix a fix not older than the previous one
         * @throws IllegalArgumentException when the fix is older than the previous one
         */
        public void add(GpsFix fix) {
            double meters = 0;
            double seconds = 0;
            if (last != null) {
                if (fix.timestamp().isBefore(last.timestamp())) {
                    throw new IllegalArgumentException(
                            "fix at " + fix.timestamp() + " is older than the previous fix at " + last.timestamp());
                }
                meters = Geodesy.distanceMeters(last, fix);
                seconds = secondsBetween(last.timestamp(), fix.timestamp());
            }
            double speed = speedOf(fix, meters, seconds);
            if (speed >= MOVING_SPEED_THRESHOLD) {
                // For the first fix seconds is 0, so it never adds moving time.
                movingTimeSeconds += seconds;
            }
            distanceMeters += meters;
            speedSum += speed;
            maxSpeed = count == 0 ? speed : Math.max(maxSpeed, speed);
            count++;
            if (first == null) {
                first = fix;
            }
            last = fix;
        }

        /** @return the metrics of the fixes added so far, as {@link TrackMetrics#over(List)} defines them */
        public TrackStats stats() {
            if (count == 0) {
                return new TrackStats(null, null, 0, null, null, 0, 0);
            }
            return new TrackStats(
                    first.timestamp(),
                    last.timestamp(),
                    count,
                    speedSum / count,
                    maxSpeed,
                    distanceMeters,
                    movingTimeSeconds);
        }
    }
}
