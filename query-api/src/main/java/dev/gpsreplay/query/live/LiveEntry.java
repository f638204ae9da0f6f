package dev.gpsreplay.query.live;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.legacy.LegacyFix;
import java.util.function.Function;

/**
 * A vehicle's latest event in the {@link LiveView}, with its response bodies encoded at most once:
 * the hot read endpoints answer these bytes as they are, with no serialization per request.
 */
public final class LiveEntry {

    private final FixEvent event;
    private final long receivedAtMillis;
    private final Function<Object, byte[]> encoder;
    private volatile byte[] legacyFixJson;
    private volatile byte[] stateJson;

    LiveEntry(FixEvent event, long receivedAtMillis, Function<Object, byte[]> encoder) {
        this.event = event;
        this.receivedAtMillis = receivedAtMillis;
        this.encoder = encoder;
    }

    public FixEvent event() {
        return event;
    }

    /** When this instance accepted the event (wall clock, epoch ms): for the idle expiry. */
    long receivedAtMillis() {
        return receivedAtMillis;
    }

    /** The fix as the seed's JSON ({@code GET /gps_state}); encoded on first use. A race encodes twice, harmlessly. */
    public byte[] legacyFixJson() {
        byte[] json = legacyFixJson;
        if (json == null) {
            json = encoder.apply(LegacyFix.of(event.fix()));
            legacyFixJson = json;
        }
        return json;
    }

    /** The vehicle state JSON ({@code GET /vehicles/{id}/state}); encoded on first use. */
    public byte[] stateJson(Function<FixEvent, Object> toState) {
        byte[] json = stateJson;
        if (json == null) {
            json = encoder.apply(toState.apply(event));
            stateJson = json;
        }
        return json;
    }
}
