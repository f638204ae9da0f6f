package dev.gpsreplay.query.service;

import java.time.Duration;

/** The vehicle's track did not advance past the window's end in time: its replay is paused, slow or over. */
public class WindowNotClosedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WindowNotClosedException(String vehicleId, double seconds, Duration waited) {
        super(
                "the track of " + vehicleId + " did not advance " + seconds + " s within " + waited.toSeconds()
                        + " s of waiting (is its replay paused, slow or finished?)",
                null,
                false,
                false);
    }
}
