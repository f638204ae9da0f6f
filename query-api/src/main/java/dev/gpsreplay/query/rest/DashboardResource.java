package dev.gpsreplay.query.rest;

import dev.gpsreplay.query.api.DashboardSettings;
import dev.gpsreplay.query.config.DashboardConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The dashboard page's configuration: the page at {@code /} reads it once when it opens. */
@Path("/dashboard/config")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dashboard", description = "The live dashboard at /")
public class DashboardResource {

    private final DashboardConfig config;

    public DashboardResource(DashboardConfig config) {
        this.config = config;
    }

    @GET
    @Operation(
            summary = "The dashboard's settings",
            description = "The map's tile URL template and attribution "
                    + "(dashboard.tiles-url, dashboard.tiles-attribution); null when not set.")
    public DashboardSettings settings() {
        return new DashboardSettings(
                config.tilesUrl().filter(s -> !s.isBlank()).orElse(null),
                config.tilesAttribution().filter(s -> !s.isBlank()).orElse(null));
    }
}
