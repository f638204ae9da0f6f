package dev.gpsreplay.common.problem;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses query parameters by hand so that a bad value is a 400 problem that names the parameter.
 * (JAX-RS turns a query parameter it can't convert into a bare 404, which would mislead clients.)
 */
public final class RequestParameters {

    private RequestParameters() {}

    /** A required whole number within {@code [min, max]}. */
    public static long requireLong(String name, String raw, long min, long max) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.badRequest(name + " is required");
        }
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a whole number, got '" + raw + "'");
        }
        if (value < min || value > max) {
            throw ProblemException.badRequest(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** An optional whole number within {@code [min, max]}, or the default. */
    public static long optionalLong(String name, String raw, long min, long max, long defaultValue) {
        return raw == null || raw.isBlank() ? defaultValue : requireLong(name, raw, min, max);
    }

    /** A required finite decimal within {@code [min, max]}. */
    public static double requireDouble(String name, String raw, double min, double max) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.badRequest(name + " is required");
        }
        double value;
        try {
            value = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a number, got '" + raw + "'");
        }
        if (!Double.isFinite(value) || value < min || value > max) {
            throw ProblemException.badRequest(name + " must be between " + min + " and " + max + ", got " + raw);
        }
        return value;
    }

    /** An optional {@code true} or {@code false}. */
    public static Optional<Boolean> optionalBoolean(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw ProblemException.badRequest(name + " must be true or false, got '" + raw + "'");
        };
    }

    /** The earliest instant a parameter may name: the start of year 0. */
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    /** The latest instant a parameter may name: the end of year 9999 (beyond, epoch milliseconds overflow soon). */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /** An optional ISO-8601 instant such as {@code 2019-12-24T20:21:27Z}, within years 0 to 9999. */
    public static Optional<Instant> optionalInstant(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        Instant instant;
        try {
            instant = Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(
                    name + " must be an ISO-8601 instant such as 2019-12-24T20:21:27Z, got '" + abbreviated(raw) + "'");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ProblemException.badRequest(
                    name + " must be between " + EARLIEST + " and " + LATEST + ", got " + raw);
        }
        return Optional.of(instant);
    }

    /** At most 64 characters of what the client sent, for a problem's detail. */
    private static String abbreviated(String raw) {
        return raw.length() <= 64 ? raw : raw.substring(0, 64) + "…";
    }

    private static final Pattern VEHICLE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Whether {@code raw} is a vehicle id (see {@link #requireVehicleId}). */
    public static boolean isVehicleId(String raw) {
        return raw != null && VEHICLE_ID.matcher(raw).matches();
    }

    /** A vehicle id: letters, digits, '.', '_' and '-', 1 to 64 characters (it becomes part of Redis keys). */
    public static String requireVehicleId(String name, String raw) {
        if (!isVehicleId(raw)) {
            throw ProblemException.badRequest(
                    name + " must be 1-64 letters, digits, '.', '_' or '-', got '" + raw + "'");
        }
        return raw;
    }
}
