package dev.gpsreplay.common.openapi;

/** Names of the OpenAPI components declared once in this package, for {@code ref = ...}. */
public final class SharedComponents {

    /** The request body of a track upload: the file, in any format the replayer reads. */
    public static final String TRACK_UPLOAD = "TrackUpload";

    private SharedComponents() {}
}
