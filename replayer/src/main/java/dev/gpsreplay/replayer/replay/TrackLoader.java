package dev.gpsreplay.replayer.replay;

import dev.gpsreplay.domain.InvalidTrackException;
import dev.gpsreplay.domain.RowRejection;
import dev.gpsreplay.domain.TrackReadResult;
import dev.gpsreplay.domain.TrackReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Reads the configured source: one track file, or every track file of a folder (not recursive), in
 * name order. Each rejected row goes to the given reporter (which logs it once with file, line and
 * reason); a file with no usable rows is logged and skipped so the other files still play.
 */
public final class TrackLoader {

    private static final Logger LOG = Logger.getLogger(TrackLoader.class);

    private TrackLoader() {}

    public static List<LoadedTrack> load(Path source, Consumer<RowRejection> rejected) {
        if (!Files.exists(source)) {
            throw new IllegalArgumentException("replay.source " + source.toAbsolutePath() + " does not exist");
        }
        List<Path> files = Files.isDirectory(source) ? trackFiles(source) : List.of(source);
        if (files.isEmpty()) {
            LOG.warnf("replay.source %s holds no track files (*.csv, *.gpx, *.nmea)", source.toAbsolutePath());
        }
        List<LoadedTrack> tracks = new ArrayList<>();
        for (Path file : files) {
            try {
                TrackReadResult result = TrackReader.read(file);
                result.rejections().forEach(rejected);
                // the List<GpsFix> is dropped here: only the compact arrays are kept
                tracks.add(new LoadedTrack(
                        file,
                        CompactTrack.of(result.track()),
                        result.rejections().size()));
            } catch (InvalidTrackException e) {
                e.rejections().forEach(rejected);
                LOG.errorf("Skipping %s: %s", file, e.getMessage());
            } catch (InvalidTrackTimeException e) {
                LOG.errorf("Skipping %s: %s", file, e.getMessage());
            }
        }
        return tracks;
    }

    /** The vehicle id a file replays as: its name without the extension, made safe for keys and URLs. */
    public static String vehicleIdOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "-");
        return safe.length() > 64 ? safe.substring(0, 64) : safe;
    }

    private static List<Path> trackFiles(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile)
                    .filter(TrackReader::isTrackFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A track file, its fixes in compact form and how many of its rows were skipped. */
    public record LoadedTrack(Path file, CompactTrack track, int rowsRejected) {}
}
