package dev.gpsreplay.query.rest;

import dev.gpsreplay.common.view.ViewUnavailableException;
import dev.gpsreplay.query.api.VehicleState;
import dev.gpsreplay.query.live.LiveEntry;
import dev.gpsreplay.query.live.LiveView;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.function.Function;

/**
 * The two hot reads, {@code GET /gps_state} and {@code GET /vehicles/{vehicle_id}/state}, answered
 * by a Vert.x route ahead of Quarkus REST when they succeed: the bytes each {@link LiveEntry}
 * prepares once per fix, from memory, on the event loop, without the REST layer's per-request work
 * (measured with {@code bench/run.sh http}: see the README's Performance section).
 *
 * <p>Only a 200 is answered here. Everything else goes on to the REST resources
 * ({@link SeedResource#gpsState}, {@link VehicleResource#state}), which answer it as before and
 * document both endpoints: a parameter to reject, an unknown vehicle, the live view out of step with
 * Redis, and every request while {@code gpsreplay.auth.protect-reads} closes the reads. The Vert.x
 * level (CORS, HTTP metrics, server spans) sees both paths alike; a REST filter added later does not
 * see this one, so it must step aside here too ({@link HotPath} decides, for both routes).
 */
@ApplicationScoped
public class HotReads {

    private static final String JSON = "application/json";

    private final LiveView view;
    private final HotPath hotPath;

    public HotReads(LiveView view, HotPath hotPath) {
        this.view = view;
        this.hotPath = hotPath;
    }

    void register(@Observes Router router) {
        router.get("/gps_state")
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(rc -> answer(rc, this::gpsState));
        router.get("/vehicles/:vehicle_id/state")
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(rc -> answer(rc, this::vehicleState));
    }

    private Optional<byte[]> gpsState(RoutingContext rc) {
        String vehicleId = rc.request().getParam("vehicle_id");
        if (vehicleId == null || vehicleId.isBlank()) {
            return view.latestEntry().map(LiveEntry::legacyFixJson);
        }
        return hotPath.entry(vehicleId).map(LiveEntry::legacyFixJson);
    }

    private Optional<byte[]> vehicleState(RoutingContext rc) {
        return hotPath.entry(rc.pathParam("vehicle_id")).map(entry -> entry.stateJson(VehicleState::of));
    }

    private void answer(RoutingContext rc, Function<RoutingContext, Optional<byte[]>> body) {
        if (!hotPath.open()) {
            rc.next();
            return;
        }
        Optional<byte[]> json;
        try {
            json = body.apply(rc);
        } catch (ViewUnavailableException e) {
            json = Optional.empty(); // the resource answers the 503 problem
        }
        if (json.isEmpty()) {
            rc.next();
            return;
        }
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(json.get()));
    }
}
