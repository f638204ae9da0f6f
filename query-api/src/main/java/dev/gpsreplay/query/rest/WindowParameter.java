package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.problem.ProblemException;
import java.util.regex.Pattern;

/**
 * The average-speed window parameter, as the seed takes it: seconds as a decimal number ({@code 10},
 * {@code 2.5}, {@code 1e1}), positive, finite, at most {@code query.max-window-seconds}. Anything
 * else (Java-only forms such as {@code 0x1p3} or {@code 10d} included) is a 400 that names it.
 */
final class WindowParameter {

    /** A JSON-style decimal: what the seed's clients send. Bounded length keeps the parse cheap. */
    private static final Pattern DECIMAL =
            Pattern.compile("[+]?(\\d{1,30}(\\.\\d{0,30})?|\\.\\d{1,30})([eE][+-]?\\d{1,4})?");

    private WindowParameter() {}

    /** The window in milliseconds, at least 1 (a positive window shorter than that is rounded up). */
    static long millis(String name, String raw, long maxSeconds) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.badRequest(name + " is required");
        }
        String text = raw.strip();
        if (!DECIMAL.matcher(text).matches()) {
            throw ProblemException.badRequest(
                    name + " must be a number of seconds such as 10 or 2.5, got '" + abbreviated(raw) + "'");
        }
        double seconds = Double.parseDouble(text);
        if (!(seconds > 0) || !Double.isFinite(seconds) || seconds > maxSeconds) {
            throw ProblemException.badRequest(
                    name + " must be more than 0 and at most " + maxSeconds + " seconds, got " + abbreviated(raw));
        }
        return Math.max(1, Math.round(seconds * 1000));
    }

    /** Echoes at most 64 characters of what the client sent. */
    static String abbreviated(String raw) {
        return raw.length() <= 64 ? raw : raw.substring(0, 64) + "…";
    }
}
