package dev.gpsreplay.replayer.replay;

/** No replay for that vehicle. */
public class ReplayNotFoundException extends ReplayException {

    private static final long serialVersionUID = 1L;

    public ReplayNotFoundException(String vehicleId) {
        super("no replay for vehicle " + vehicleId);
    }
}
