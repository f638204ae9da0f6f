package dev.gpsreplay.query.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The dashboard's settings (page at {@code /}). Each key is also an environment variable:
 * {@code dashboard.tiles-url} is {@code DASHBOARD_TILES_URL}.
 */
@ConfigMapping(prefix = "dashboard")
public interface DashboardConfig {

    /**
     * URL template of the map's background tiles, as Leaflet reads it, e.g.
     * {@code https://tile.openstreetmap.org/{z}/{x}/{y}.png}. Unset or empty: no background (the
     * dashboard then works offline, with a coordinate grid under the vehicles).
     */
    Optional<String> tilesUrl();

    /** Attribution shown on the map when tiles are used (HTML allowed, as the tile provider asks). */
    Optional<String> tilesAttribution();
}
