package dev.gpsreplay.domain;

import io.jenetics.jpx.GPX;
import io.jenetics.jpx.TrackSegment;
import io.jenetics.jpx.WayPoint;
import java.io.IOException;
import java.io.OutputStream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes fixes as a GPX 1.1 document with jpx: one {@code trk} with one {@code trkseg}, a
 * {@code trkpt} per fix with time, elevation, satellites and DOPs. GPX 1.1 has no speed or course, so
 * they go in a Garmin {@code gpxtpx:TrackPointExtension} (v2), which navigation software and
 * {@link GpxTrackReader} read back.
 */
public final class GpxWriter {

    /** The namespace of Garmin's TrackPointExtension v2. */
    public static final String TRACK_POINT_EXTENSION = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2";

    /** Enough fraction digits that coordinates and times read back as they were. */
    private static final int FRACTION_DIGITS = 12;

    private GpxWriter() {}

    /**
     * @param name  the track's name (the vehicle id)
     * @param fixes the fixes, in time order
     * @param out   where the document goes; not closed here
     * @throws IOException when the stream fails
     */
    public static void write(String name, Iterable<GpsFix> fixes, OutputStream out) throws IOException {
        GPX.Writer.of(GPX.Writer.Indent.SPACE4, FRACTION_DIGITS).write(document(name, fixes), out);
    }

    /**
     * @param name  the track's name
     * @param fixes the fixes, in time order
     * @return the GPX 1.1 document
     */
    public static GPX document(String name, Iterable<GpsFix> fixes) {
        DocumentBuilder builder = documentBuilder();
        TrackSegment.Builder segment = TrackSegment.builder();
        for (GpsFix fix : fixes) {
            segment.addPoint(point(fix, builder));
        }
        return GPX.builder(GPX.Version.V11, "GPS Replay")
                .addTrack(track -> track.name(name).addSegment(segment.build()))
                .build();
    }

    private static WayPoint point(GpsFix fix, DocumentBuilder builder) {
        WayPoint.Builder point = WayPoint.builder().time(fix.timestamp());
        if (fix.elevation() != null) {
            point.ele(fix.elevation());
        }
        if (fix.satellites() != null && fix.satellites() >= 0) {
            point.sat(fix.satellites());
        }
        point.hdop(fix.hdop()).vdop(fix.vdop()).pdop(fix.pdop());
        if (fix.speed() != null || fix.bearing() != null) {
            point.extensions(motion(fix, builder));
        }
        return point.build(fix.latitude(), fix.longitude());
    }

    private static Document motion(GpsFix fix, DocumentBuilder builder) {
        Document document = builder.newDocument();
        Element extensions = document.createElementNS(null, "extensions");
        Element tpx = document.createElementNS(TRACK_POINT_EXTENSION, "gpxtpx:TrackPointExtension");
        if (fix.speed() != null) {
            tpx.appendChild(text(document, "gpxtpx:speed", fix.speed()));
        }
        if (fix.bearing() != null) {
            tpx.appendChild(text(document, "gpxtpx:course", fix.bearing()));
        }
        extensions.appendChild(tpx);
        document.appendChild(extensions);
        return document;
    }

    private static Element text(Document document, String name, double value) {
        Element element = document.createElementNS(TRACK_POINT_EXTENSION, name);
        element.setTextContent(Double.toString(value));
        return element;
    }

    private static DocumentBuilder documentBuilder() {
        try {
            return new SafeXmlProvider().documentBuilderFactory().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
