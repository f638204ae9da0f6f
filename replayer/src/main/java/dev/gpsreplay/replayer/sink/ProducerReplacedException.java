package dev.gpsreplay.replayer.sink;

import org.apache.kafka.common.errors.RetriableException;

/**
 * A fix the Kafka sink did not send because an earlier fix of its vehicle failed (or its producer was
 * replaced) and the vehicle has not sent its unacknowledged fixes again yet: sending it now could let
 * it land before the failed one.
 */
public class ProducerReplacedException extends RetriableException {

    private static final long serialVersionUID = 1L;

    public ProducerReplacedException(String vehicleId) {
        super("held back: an earlier fix of " + vehicleId + " failed; it is sent again first");
    }
}
