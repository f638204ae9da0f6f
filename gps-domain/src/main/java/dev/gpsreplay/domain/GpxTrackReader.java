package dev.gpsreplay.domain;

import io.jenetics.jpx.GPX;
import io.jenetics.jpx.Length;
import io.jenetics.jpx.Route;
import io.jenetics.jpx.WayPoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads a GPX 1.0 or 1.1 track with jpx.
 *
 * <p>Every {@code trkpt} of every {@code trkseg} of every {@code trk} becomes a fix, in document
 * order; a file without track points plays its route points ({@code rtept}) instead. Time, latitude,
 * longitude, elevation, satellites and DOPs come from the point. Speed and course come from GPX 1.0's
 * {@code <speed>}/{@code <course>} or from an extension element named {@code speed} and
 * {@code course} (or {@code bearing}) in any namespace, as Garmin's {@code gpxtpx:TrackPointExtension}
 * writes them; without them they are derived from the step from the previous point on the WGS84
 * ellipsoid.
 *
 * <p>A point without a time, with a latitude or longitude that is missing or out of range, or out of
 * time order is a {@link RowRejection} that names its line and its number ({@code trkpt #7}). A
 * document that is not well-formed XML is an {@link InvalidTrackException}. DTDs and external
 * entities are refused (see {@link SafeXmlProvider}).
 */
public final class GpxTrackReader {

    private GpxTrackReader() {}

    /**
     * @param source  names the track in rejections (and, without its extension, is the track name)
     * @param content the GPX document; not closed here
     * @param limits  bounds on the number of points and on fix times
     * @return the track and the points skipped
     * @throws TrackTooLargeException when the document has more points than the limit
     * @throws InvalidTrackException  when it is not a GPX document with a usable point
     */
    public static TrackReadResult read(String source, InputStream content, ReadLimits limits) {
        byte[] bytes;
        try {
            bytes = content.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        PointScan scan = PointScan.of(source, bytes, limits);
        GPX gpx = parse(source, bytes, scan.version());
        FixAssembler assembler = new FixAssembler(source, limits, true);
        List<WayPoint> trackPoints =
                gpx.tracks().flatMap(t -> t.segments()).flatMap(s -> s.points()).toList();
        boolean route = trackPoints.isEmpty();
        List<WayPoint> points = route ? gpx.routes().flatMap(Route::points).toList() : trackPoints;
        List<PointScan.Point> scanned = route ? scan.routePoints() : scan.trackPoints();
        String kind = route ? "rtept" : "trkpt";
        scan.reportUnreadable(route, assembler);
        // jpx drops the points whose coordinates it cannot read; the scan rejected exactly those, so the
        // readable ones line up with jpx's points and keep their line numbers.
        List<PointScan.Point> readable =
                scanned.stream().filter(PointScan.Point::readable).toList();
        boolean aligned = readable.size() == points.size();
        for (int i = 0; i < points.size(); i++) {
            PointScan.Point at = aligned ? readable.get(i) : null;
            long line = at == null ? 0 : at.line();
            String what = kind + " #" + (at == null ? i + 1 : at.number());
            assembler.countRow();
            assembler.accept(line, what, candidate(points.get(i)));
        }
        return assembler.result();
    }

    private static GPX parse(String source, byte[] bytes, GPX.Version version) {
        try {
            return GPX.Reader.of(version, GPX.Reader.Mode.LENIENT).read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            // jpx reports a broken document as an IOException or, for some values, an unchecked
            // exception; either way the whole document is unusable.
            throw new InvalidTrackException(source + ": not a readable GPX document: " + e.getMessage(), List.of());
        }
    }

    private static FixCandidate candidate(WayPoint p) {
        Optional<Document> extensions = p.getExtensions();
        Double speed = p.getSpeed()
                .map(Number::doubleValue)
                .orElseGet(
                        () -> extensions.map(d -> extensionNumber(d, "speed")).orElse(null));
        Double course = p.getCourse()
                .map(Number::doubleValue)
                .orElseGet(() -> extensions
                        .map(d -> extensionNumber(d, "course", "bearing"))
                        .orElse(null));
        return new FixCandidate(
                p.getTime().orElse(null),
                p.getLatitude().doubleValue(),
                p.getLongitude().doubleValue(),
                p.getElevation().map(Length::doubleValue).orElse(null),
                speed,
                course,
                p.getSat().map(u -> u.getValue()).orElse(null),
                p.getHdop().orElse(null),
                p.getVdop().orElse(null),
                p.getPdop().orElse(null));
    }

    /** The first element with one of the local names whose text is a number, in any namespace. */
    private static Double extensionNumber(Document extensions, String... names) {
        for (String name : names) {
            NodeList found = extensions.getElementsByTagNameNS("*", name);
            for (int i = 0; i < found.getLength(); i++) {
                Node node = found.item(i);
                if (node instanceof Element element) {
                    Double value = number(element.getTextContent());
                    if (value != null) {
                        return value;
                    }
                }
            }
        }
        return null;
    }

    private static Double number(String text) {
        try {
            double value = Double.parseDouble(text.strip());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A first, streaming pass over the document (StAX, no tree): the GPX version, and the line and
     * coordinates of each track and route point, which jpx does not report. It counts the points
     * against the row limit before jpx builds them.
     */
    record PointScan(String source, GPX.Version version, List<Point> trackPoints, List<Point> routePoints) {

        /** One {@code trkpt} or {@code rtept} element: its number among its kind, its line, and whether jpx can read its coordinates. */
        record Point(int number, long line, String problem) {
            boolean readable() {
                return problem == null;
            }
        }

        static PointScan of(String source, byte[] bytes, ReadLimits limits) {
            List<Point> tracks = new ArrayList<>();
            List<Point> routes = new ArrayList<>();
            GPX.Version version = GPX.Version.V11;
            XMLStreamReader xml = null;
            try {
                xml = SafeXmlProvider.safeInputFactory().createXMLStreamReader(new ByteArrayInputStream(bytes));
                boolean root = true;
                while (xml.hasNext()) {
                    if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    String name = xml.getLocalName();
                    if (root) {
                        if (!name.equals("gpx")) {
                            throw new InvalidTrackException(
                                    source + ": not a GPX document (the root element is <" + name + ">, not <gpx>)",
                                    List.of());
                        }
                        version = "1.0".equals(xml.getAttributeValue(null, "version"))
                                ? GPX.Version.V10
                                : GPX.Version.V11;
                        root = false;
                    } else if (name.equals("trkpt") || name.equals("rtept")) {
                        List<Point> list = name.equals("trkpt") ? tracks : routes;
                        if (tracks.size() + routes.size() >= limits.maxRows()) {
                            throw new TrackTooLargeException(source, limits.maxRows());
                        }
                        list.add(new Point(
                                list.size() + 1, xml.getLocation().getLineNumber(), coordinateProblem(xml, limits)));
                    }
                }
            } catch (XMLStreamException | RuntimeException e) {
                if (e instanceof InvalidTrackException invalid) {
                    throw invalid;
                }
                throw new InvalidTrackException(source + ": not well-formed XML: " + e.getMessage(), List.of());
            } finally {
                close(xml);
            }
            return new PointScan(source, version, tracks, routes);
        }

        private static String coordinateProblem(XMLStreamReader xml, ReadLimits limits) {
            String lat = coordinate(xml.getAttributeValue(null, "lat"), "lat", 90, limits);
            return lat != null ? lat : coordinate(xml.getAttributeValue(null, "lon"), "lon", 180, limits);
        }

        private static String coordinate(String text, String name, double bound, ReadLimits limits) {
            if (text == null || text.isBlank()) {
                return "has no " + name;
            }
            try {
                limits.checkDigits(text, name);
                double value = Double.parseDouble(text.strip());
                return value >= -bound && value <= bound
                        ? null
                        : name + " \"" + text + "\" is outside -" + (int) bound + ".." + (int) bound;
            } catch (NumberFormatException e) {
                return name + " \"" + text + "\" is not a number";
            } catch (BadRowException e) {
                return e.getMessage();
            }
        }

        /** Rejects, with their lines, the points jpx leaves out because it cannot read their coordinates. */
        void reportUnreadable(boolean route, FixAssembler assembler) {
            String kind = route ? "rtept" : "trkpt";
            for (Point p : route ? routePoints : trackPoints) {
                if (!p.readable()) {
                    assembler.countRow();
                    assembler.reject(p.line(), RowProblem.OUT_OF_RANGE, kind + " #" + p.number() + " " + p.problem());
                }
            }
        }

        private static void close(XMLStreamReader xml) {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException e) {
                    // nothing held but the byte array
                }
            }
        }
    }
}
