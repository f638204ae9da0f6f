package dev.gpsreplay.query.service;

import dev.gpsreplay.common.event.FixEvent;
import dev.gpsreplay.common.problem.ProblemException;
import dev.gpsreplay.common.problem.RequestParameters;
import dev.gpsreplay.query.live.LiveView;
import jakarta.enterprise.context.ApplicationScoped;

/** Finds the vehicle a request means: the one it names, or the most recently updated one. */
@ApplicationScoped
public class VehicleLookup {

    private final LiveView view;

    public VehicleLookup(LiveView view) {
        this.view = view;
    }

    /** The named vehicle's state; a 404 problem when the view doesn't know it. */
    public FixEvent require(String vehicleId) {
        String id = RequestParameters.requireVehicleId("vehicle_id", vehicleId);
        return view.state(id).orElseThrow(() -> ProblemException.notFound("no vehicle " + id));
    }

    /** The named vehicle's state, or when none is named the most recently updated vehicle's. */
    public FixEvent requireOrLatest(String vehicleId) {
        if (vehicleId == null || vehicleId.isBlank()) {
            return view.latest().orElseThrow(() -> ProblemException.notFound("no vehicle has reported a fix yet"));
        }
        return require(vehicleId);
    }
}
