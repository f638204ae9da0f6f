package dev.gpsreplay.query.ingest;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.event.JsonCodec;
import dev.gpsreplay.common.problem.RequestParameters;
import dev.gpsreplay.domain.GpsFix;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Decodes and checks a record of the fix topic: the Kafka path trusts nothing. The rules are the
 * REST path's (the vehicle id rule of {@code RequestParameters.requireVehicleId}) plus the event's
 * own: its schema version, a run id, a sequence from 1, real coordinates, finite numbers, sane
 * instants, and a record key equal to the vehicle id (the partitioning that keeps a vehicle in order).
 */
@ApplicationScoped
public class FixEventValidator {

    private static final int MAX_RUN_ID = 128;
    /**
     * Fix times: from 1970 to the end of year 9999, the latest instant the REST parameters take too
     * (a looped replay moves its track time forward).
     */
    private static final Instant MAX_FIX_TIME = RequestParameters.LATEST;

    private static final Instant MIN_EMITTED_AT = Instant.parse("2000-01-01T00:00:00Z");
    /** Clocks differ between machines; an emission further ahead than this is not believed. */
    private static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

    private final JsonCodec codec;

    public FixEventValidator(JsonCodec codec) {
        this.codec = codec;
    }

    /**
     * The event in a record.
     *
     * @throws InvalidFixEventException with the reason when it is not a valid fix event
     */
    public FixEvent validate(String key, String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidFixEventException("empty record");
        }
        FixEvent event;
        try {
            event = codec.decodeEvent(json);
        } catch (RuntimeException e) {
            throw new InvalidFixEventException("not a fix event: " + e.getMessage(), e);
        }
        check(
                event.schemaVersion() >= FixEvent.OLDEST_READABLE_VERSION
                        && event.schemaVersion() <= FixEvent.SCHEMA_VERSION,
                () -> "schema_version must be " + FixEvent.OLDEST_READABLE_VERSION + " to " + FixEvent.SCHEMA_VERSION
                        + ", got " + event.schemaVersion());
        check(
                RequestParameters.isVehicleId(event.vehicleId()),
                () -> "vehicle_id must be 1-64 letters, digits, '.', '_' or '-', got '" + event.vehicleId() + "'");
        check(
                key == null || key.equals(event.vehicleId()),
                () -> "the record key '" + key + "' is not the vehicle_id '" + event.vehicleId() + "'");
        check(
                event.runId() != null
                        && !event.runId().isBlank()
                        && event.runId().length() <= MAX_RUN_ID,
                () -> "run_id must be 1-" + MAX_RUN_ID + " characters");
        check(event.sequence() >= 1, () -> "sequence must be at least 1, got " + event.sequence());
        check(
                event.trackSize() >= 1 && event.trackPosition() >= 0 && event.trackPosition() < event.trackSize(),
                () -> "track_position must be within [0, track_size), got " + event.trackPosition() + " of "
                        + event.trackSize());
        check(
                event.emittedAt() != null
                        && !event.emittedAt().isBefore(MIN_EMITTED_AT)
                        && !event.emittedAt().isAfter(Instant.now().plus(MAX_CLOCK_SKEW)),
                () -> "emitted_at must be between " + MIN_EMITTED_AT + " and now + " + MAX_CLOCK_SKEW + ", got "
                        + event.emittedAt());
        checkFix(event.fix());
        return event;
    }

    private static void checkFix(GpsFix fix) {
        check(fix != null, () -> "fix is required");
        // a fix without its time does not decode (GpsFix requires one): "not a fix event" above
        check(
                !fix.timestamp().isBefore(Instant.EPOCH) && !fix.timestamp().isAfter(MAX_FIX_TIME),
                () -> "fix.time must be within [" + Instant.EPOCH + ", " + MAX_FIX_TIME + "], got " + fix.timestamp());
        check(
                Double.isFinite(fix.latitude()) && Math.abs(fix.latitude()) <= 90,
                () -> "fix.latitude must be within [-90, 90], got " + fix.latitude());
        check(
                Double.isFinite(fix.longitude()) && Math.abs(fix.longitude()) <= 180,
                () -> "fix.longitude must be within [-180, 180], got " + fix.longitude());
        finite("fix.elevation_meters", fix.elevation(), false);
        finite("fix.bearing_degrees", fix.bearing(), false);
        finite("fix.accuracy_meters", fix.accuracy(), true);
        finite("fix.speed_meters_per_second", fix.speed(), true);
        finite("fix.hdop", fix.hdop(), true);
        finite("fix.vdop", fix.vdop(), true);
        finite("fix.pdop", fix.pdop(), true);
        finite("fix.distance_meters", fix.distanceMeters(), true);
        finite("fix.elapsed_time_seconds", fix.elapsedTimeSeconds(), true);
        check(fix.satellites() == null || fix.satellites() >= 0, () -> "fix.satellites must not be negative");
    }

    private static void finite(String name, Double value, boolean nonNegative) {
        if (value != null) {
            check(
                    Double.isFinite(value) && (!nonNegative || value >= 0),
                    () -> name + " must be a finite" + (nonNegative ? ", non-negative" : "") + " number, got " + value);
        }
    }

    /** The reason is only made for a record that fails: a valid one costs no string building. */
    private static void check(boolean ok, Supplier<String> reason) {
        if (!ok) {
            throw new InvalidFixEventException(reason.get());
        }
    }
}
