package dev.gpsreplay.query.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the dashboard page needs from the server's configuration.
 *
 * @param tilesUrl         the map's tile URL template, or null for no background
 * @param tilesAttribution the attribution to show with the tiles, or null
 */
@RegisterForReflection
@Schema(name = "DashboardSettings", description = "The dashboard's settings, from dashboard.* in the configuration.")
public record DashboardSettings(
        @JsonProperty("tiles_url")
        @Schema(
                description = "Tile URL template ({z}/{x}/{y}); null: no background map.",
                example = "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                nullable = true)
        String tilesUrl,

        @JsonProperty("tiles_attribution")
        @Schema(
                description = "Attribution of the tiles (HTML); null when none.",
                example = "&copy; OpenStreetMap contributors",
                nullable = true)
        String tilesAttribution) {}
