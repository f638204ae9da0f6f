package dev.gpsreplay.replayer.replay;

import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.domain.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A track as the replayer holds it: one primitive array per column instead of an object graph per
 * fix (a {@link GpsFix} with its {@code Instant} and boxed optionals costs about 250 bytes; here a
 * fix of the real drive costs about 70). Built once from a read {@link Track}, which is then
 * dropped; immutable, so any number of replays (copies of one track) share one instance.
 */
public final class CompactTrack {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final String name;
    private final long firstEpochSecond;
    private final int firstNano;
    /** Track time of each fix: nanoseconds since the first fix. */
    private final long[] offsetNanos;

    private final double[] latitude;
    private final double[] longitude;
    private final Column elevation;
    private final Column accuracy;
    private final Column bearing;
    private final Column speed;
    private final Column satellites;
    private final Column hdop;
    private final Column vdop;
    private final Column pdop;
    private final Column distance;
    private final Column elapsed;
    private final long medianIntervalNanos;

    private CompactTrack(Track track) {
        int size = track.size();
        name = track.name();
        Instant first = track.fix(0).timestamp();
        firstEpochSecond = first.getEpochSecond();
        firstNano = first.getNano();
        offsetNanos = new long[size];
        latitude = new double[size];
        longitude = new double[size];
        for (int i = 0; i < size; i++) {
            GpsFix fix = track.fix(i);
            offsetNanos[i] = offsetOf(first, fix.timestamp(), i);
            latitude[i] = fix.latitude();
            longitude[i] = fix.longitude();
        }
        elevation = column(track, GpsFix::elevation);
        accuracy = column(track, GpsFix::accuracy);
        bearing = column(track, GpsFix::bearing);
        speed = column(track, GpsFix::speed);
        satellites = column(track, fix -> fix.satellites() == null ? Double.NaN : fix.satellites());
        hdop = column(track, GpsFix::hdop);
        vdop = column(track, GpsFix::vdop);
        pdop = column(track, GpsFix::pdop);
        distance = Column.of(values(track, GpsFix::distanceMeters));
        elapsed = Column.of(values(track, GpsFix::elapsedTimeSeconds));
        medianIntervalNanos = medianInterval(offsetNanos);
    }

    /**
     * The compact form of a track.
     *
     * @throws InvalidTrackTimeException when the track spans more time than nanoseconds in a long
     *                                   hold (about 292 years): not a recorded drive
     */
    public static CompactTrack of(Track track) {
        return new CompactTrack(track);
    }

    public String name() {
        return name;
    }

    public int size() {
        return offsetNanos.length;
    }

    /** Track time of fix {@code index}: nanoseconds since the first fix. */
    public long offsetNanos(int index) {
        return offsetNanos[index];
    }

    /** The median time between two fixes (1 s for a track of one fix or no intervals). */
    public long medianIntervalNanos() {
        return medianIntervalNanos;
    }

    /** Approximate bytes held by the arrays (for logs and measurements). */
    public long bytes() {
        return 24L * size()
                + elevation.bytes()
                + accuracy.bytes()
                + bearing.bytes()
                + speed.bytes()
                + satellites.bytes()
                + hdop.bytes()
                + vdop.bytes()
                + pdop.bytes()
                + distance.bytes()
                + elapsed.bytes();
    }

    /**
     * Fix {@code index}, its time moved {@code shiftNanos} forward (a looped track). Nothing is
     * held: the fix is made for one emission.
     */
    public GpsFix fix(int index, long shiftNanos) {
        long nanos = firstNano + offsetNanos[index] + shiftNanos;
        Instant time = Instant.ofEpochSecond(
                firstEpochSecond + Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
        double sats = satellites.get(index);
        return new GpsFix(
                time,
                latitude[index],
                longitude[index],
                boxed(elevation.get(index)),
                boxed(accuracy.get(index)),
                boxed(bearing.get(index)),
                boxed(speed.get(index)),
                Double.isNaN(sats) ? null : Integer.valueOf((int) sats),
                boxed(hdop.get(index)),
                boxed(vdop.get(index)),
                boxed(pdop.get(index)),
                distance.get(index),
                elapsed.get(index));
    }

    private static Double boxed(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static long offsetOf(Instant first, Instant at, int index) {
        try {
            return Duration.between(first, at).toNanos();
        } catch (ArithmeticException e) {
            throw new InvalidTrackTimeException(
                    "fix " + index + " at " + at + " is too far from the first fix (" + first + ") for a replay");
        }
    }

    private static Column column(Track track, Function<GpsFix, Double> getter) {
        return Column.of(values(track, fix -> {
            Double value = getter.apply(fix);
            return value == null ? Double.NaN : value;
        }));
    }

    private static double[] values(Track track, ToDoubleFunction<GpsFix> getter) {
        double[] values = new double[track.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = getter.applyAsDouble(track.fix(i));
        }
        return values;
    }

    private static long medianInterval(long[] times) {
        if (times.length < 2) {
            return NANOS_PER_SECOND;
        }
        long[] intervals = new long[times.length - 1];
        for (int i = 1; i < times.length; i++) {
            intervals[i - 1] = times[i] - times[i - 1];
        }
        Arrays.sort(intervals);
        long median = intervals[intervals.length / 2];
        return median > 0 ? median : NANOS_PER_SECOND;
    }
}
