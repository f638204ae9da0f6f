package dev.gpsreplay.domain;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;

/**
 * Distances on the WGS84 ellipsoid, computed with GeographicLib (Karney's algorithm, accurate to
 * a few nanometres), so that every module measures a track the same way.
 */
public final class Geodesy {

    private Geodesy() {}

    /**
     * Length of the shortest path (geodesic) between two points on the WGS84 ellipsoid.
     *
     * @param lat1 latitude of the first point, degrees
     * @param lon1 longitude of the first point, degrees
     * @param lat2 latitude of the second point, degrees
     * @param lon2 longitude of the second point, degrees
     * @return the distance in metres
     */
    public static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
        // Asking only for DISTANCE skips the azimuth and area terms GeographicLib would otherwise compute.
        return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE).s12;
    }

    /**
     * Geodesic distance between the positions of two fixes (heights are ignored).
     *
     * @param a one fix
     * @param b the other fix
     * @return the distance in metres
     */
    public static double distanceMeters(GpsFix a, GpsFix b) {
        return distanceMeters(a.latitude(), a.longitude(), b.latitude(), b.longitude());
    }

    /**
     * The direction of travel on arrival at the second point, along the geodesic from the first: the
     * course a receiver moving between the two would report there.
     *
     * @param lat1 latitude of the first point, degrees
     * @param lon1 longitude of the first point, degrees
     * @param lat2 latitude of the second point, degrees
     * @param lon2 longitude of the second point, degrees
     * @return degrees clockwise from true north, in [0, 360)
     */
    public static double courseDegrees(double lat1, double lon1, double lat2, double lon2) {
        double azimuth = Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.AZIMUTH).azi2;
        double course = azimuth < 0 ? azimuth + 360 : azimuth;
        return course >= 360 ? 0 : course;
    }
}
