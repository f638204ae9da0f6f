package dev.gpsreplay.replayer.replay;

import dev.gpsreplay.domain.RowRejection;

/** What a replay reports as it goes, for metrics and logs. */
public interface ReplayObserver {

    ReplayObserver NONE = new ReplayObserver() {};

    /** A fix left for the sink {@code latenessNanos} after its scheduled instant. */
    default void emitted(String vehicleId, long latenessNanos) {}

    /** A row of a track file (or upload) was skipped. */
    default void rejected(RowRejection rejection) {}

    /** The sink failed a fix (it is sent again, or given up on: see FixSink#resendAfterFailure). */
    default void sendFailed(String vehicleId, Throwable failure) {}

    /** A step of the replay threw: the replay is FAILED. */
    default void failed(String vehicleId, Throwable failure) {}

    /** The replay was deleted: forget what is kept about it (its meters). */
    default void removed(String vehicleId) {}
}
