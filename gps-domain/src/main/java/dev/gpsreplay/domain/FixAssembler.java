package dev.gpsreplay.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the points of a GPX or NMEA file into fixes with the same discipline as the CSV reader: each
 * point is checked (coordinates, finite values, time range, time order), a bad one becomes a
 * {@link RowRejection} and the reading goes on; distance and elapsed time are measured from the
 * previous accepted fix with {@link Geodesy}. Optionally, a missing speed or bearing is derived from
 * the step from the previous fix (the first fix takes the values of the step to the second).
 */
final class FixAssembler {

    private final String source;
    private final ReadLimits limits;
    private final boolean deriveMotion;
    private final List<GpsFix> fixes = new ArrayList<>();
    private final List<RowRejection> rejections = new ArrayList<>();
    /** Whether the first fix had its speed / bearing derived (then it copies those of the second fix). */
    private boolean firstSpeedDerived;

    private boolean firstBearingDerived;

    FixAssembler(String source, ReadLimits limits, boolean deriveMotion) {
        this.source = source;
        this.limits = limits;
        this.deriveMotion = deriveMotion;
    }

    /** Counts one more row against {@link ReadLimits#maxRows()}. */
    void countRow() {
        if (fixes.size() + rejections.size() >= limits.maxRows()) {
            throw new TrackTooLargeException(source, limits.maxRows());
        }
    }

    /** Records a skipped row. */
    void reject(long line, RowProblem problem, String reason) {
        rejections.add(new RowRejection(source, line, reason, problem));
    }

    /**
     * Checks a point and adds it as a fix, or rejects it.
     *
     * @param line  the line (or element number) the point comes from
     * @param what  names the point in a rejection, e.g. {@code "trkpt #3"}
     * @param point its values
     */
    void accept(long line, String what, FixCandidate point) {
        try {
            fixes.add(toFix(what, point));
        } catch (BadRowException e) {
            reject(line, e.problem(), e.getMessage());
        }
    }

    private GpsFix toFix(String what, FixCandidate p) throws BadRowException {
        if (p.time() == null) {
            throw new BadRowException(RowProblem.MISSING_FIELD, what + " has no time");
        }
        limits.checkTime(p.time(), what + " time " + p.time());
        range(what, "latitude", p.latitude(), -90, 90);
        range(what, "longitude", p.longitude(), -180, 180);
        finite(what, "elevation", p.elevation());
        range(what, "speed", p.speed(), 0, Double.MAX_VALUE);
        range(what, "course", p.bearing(), 0, 360);
        finite(what, "hdop", p.hdop());
        finite(what, "vdop", p.vdop());
        finite(what, "pdop", p.pdop());
        if (fixes.isEmpty()) {
            firstSpeedDerived = deriveMotion && p.speed() == null;
            firstBearingDerived = deriveMotion && p.bearing() == null;
            return fix(p, p.speed(), p.bearing(), 0, 0);
        }
        GpsFix previous = fixes.get(fixes.size() - 1);
        if (p.time().isBefore(previous.timestamp())) {
            throw new BadRowException(
                    RowProblem.TIME_BACKWARDS,
                    what + " time " + p.time() + " is earlier than the previous accepted fix (" + previous.timestamp()
                            + ")");
        }
        Duration step = Duration.between(previous.timestamp(), p.time());
        double elapsed = step.getSeconds() + step.getNano() / 1e9;
        double distance =
                Geodesy.distanceMeters(previous.latitude(), previous.longitude(), p.latitude(), p.longitude());
        Double speed = p.speed();
        Double bearing = p.bearing();
        if (deriveMotion && speed == null && elapsed > 0) {
            speed = distance / elapsed;
        }
        if (deriveMotion && bearing == null && distance > 0) {
            bearing = Geodesy.courseDegrees(previous.latitude(), previous.longitude(), p.latitude(), p.longitude());
        }
        if (fixes.size() == 1) {
            fillFirst(speed, bearing);
        }
        return fix(p, speed, bearing, distance, elapsed);
    }

    /** The first fix has no step before it: it moves as it does towards the second. */
    private void fillFirst(Double speed, Double bearing) {
        GpsFix first = fixes.get(0);
        Double firstSpeed = firstSpeedDerived ? speed : first.speed();
        Double firstBearing = firstBearingDerived ? bearing : first.bearing();
        fixes.set(
                0,
                new GpsFix(
                        first.timestamp(),
                        first.latitude(),
                        first.longitude(),
                        first.elevation(),
                        first.accuracy(),
                        firstBearing,
                        firstSpeed,
                        first.satellites(),
                        first.hdop(),
                        first.vdop(),
                        first.pdop(),
                        first.distanceMeters(),
                        first.elapsedTimeSeconds()));
    }

    private static GpsFix fix(FixCandidate p, Double speed, Double bearing, double distance, double elapsed) {
        return new GpsFix(
                p.time(),
                p.latitude(),
                p.longitude(),
                p.elevation(),
                null,
                bearing,
                speed,
                p.satellites(),
                p.hdop(),
                p.vdop(),
                p.pdop(),
                distance,
                elapsed);
    }

    private static void range(String what, String name, Double value, double min, double max) throws BadRowException {
        finite(what, name, value);
        if (value != null && (value < min || value > max)) {
            throw new BadRowException(
                    RowProblem.OUT_OF_RANGE, what + " " + name + " " + value + " is outside " + min + ".." + max);
        }
    }

    private static void finite(String what, String name, Double value) throws BadRowException {
        if (value != null && !Double.isFinite(value)) {
            throw new BadRowException(RowProblem.NOT_A_NUMBER, what + " " + name + " is not a finite number");
        }
    }

    TrackReadResult result() {
        if (fixes.isEmpty()) {
            throw InvalidTrackException.noUsableRows(source, rejections, "it holds no track points");
        }
        return new TrackReadResult(new Track(TrackReader.trackName(source), fixes), rejections);
    }
}
