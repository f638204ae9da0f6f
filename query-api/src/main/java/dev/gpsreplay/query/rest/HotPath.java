package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.problem.RequestParameters;
import dev.gpsreplay.common.security.AuthConfig;
import dev.gpsreplay.common.view.ViewUnavailableException;
import dev.gpsreplay.query.live.LiveEntry;
import dev.gpsreplay.query.live.LiveView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * When a Vert.x route ahead of Quarkus REST ({@link HotReads}, {@link HotStreams}) may answer for a
 * REST resource: only in the common case, from the live view. Whatever else the resource would
 * answer (a 401 while {@code gpsreplay.auth.protect-reads} closes the reads, a 503 while the view is
 * out of step with Redis, a 400 for a malformed id, a 404) is left to it. A condition that a REST
 * filter or resource adds later belongs here, so that both routes step aside for it.
 */
@ApplicationScoped
public class HotPath {

    private final LiveView view;
    private final AuthConfig auth;

    public HotPath(LiveView view, AuthConfig auth) {
        this.view = view;
        this.auth = auth;
    }

    /** Whether the routes may answer at all: the reads are open, and the view is in step with Redis. */
    boolean open() {
        return !auth.protectReads() && view.isSynced();
    }

    /** The vehicle's entry when the id is well-formed and the view holds it; otherwise empty. */
    Optional<LiveEntry> entry(String vehicleId) {
        if (!RequestParameters.isVehicleId(vehicleId)) {
            return Optional.empty();
        }
        try {
            return view.entry(vehicleId);
        } catch (ViewUnavailableException e) {
            return Optional.empty(); // the view lost Redis since open(): the resource answers the 503
        }
    }
}
