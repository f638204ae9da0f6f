package dev.gpsreplay.replayer.replay;

/** The vehicle belongs to another replayer's shard ({@code replay.shard}). */
public class WrongShardException extends ReplayException {

    private static final long serialVersionUID = 1L;

    public WrongShardException(String vehicleId, int vehicleShard, Shard served) {
        super("vehicle " + vehicleId + " belongs to shard " + vehicleShard + "/" + served.count()
                + "; this replayer serves shard " + served + "; send it to that replayer");
    }
}
