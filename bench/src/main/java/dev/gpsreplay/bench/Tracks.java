package dev.gpsreplay.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Copies of the real drive (../shared/data/dataset_gps.csv; data/bus-17.csv where that folder is
 * absent): a whole drive, or its first {@code rows} fixes, as one file or as a folder of {@code n}
 * files (one vehicle each, named v00001.csv...). Made once per run and shape.
 */
final class Tracks {

    private final Path drive;
    private final Path dir;
    private final List<String> lines;

    Tracks(Path root, Path dir) throws IOException {
        Path shared = root.resolve("../shared/data/dataset_gps.csv").normalize();
        this.drive = Files.isRegularFile(shared) ? shared : root.resolve("data/bus-17.csv");
        this.dir = dir;
        this.lines = Files.readAllLines(drive, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList();
    }

    Path drive() {
        return drive;
    }

    /** Fixes in the whole drive (data rows). */
    int driveFixes() {
        return lines.size() - 1;
    }

    /** Fixes per second of track time in the drive (about 1 for the real drive). */
    double driveRate() {
        double first = Double.parseDouble(lines.get(1).split(",")[0]);
        double last = Double.parseDouble(lines.get(lines.size() - 1).split(",")[0]);
        return (lines.size() - 2) / (last - first);
    }

    /** One track of the drive's first {@code rows} fixes (all for 0). */
    synchronized Path track(int rows) throws IOException {
        int n = rows <= 0 ? driveFixes() : Math.min(rows, driveFixes());
        Path file = dir.resolve("track-" + n + ".csv");
        if (!Files.exists(file)) {
            Files.write(file, lines.subList(0, n + 1), StandardCharsets.UTF_8);
        }
        return file;
    }

    /** A folder of {@code count} copies of {@link #track(int)}. */
    synchronized Path copies(int count, int rows) throws IOException {
        Path track = track(rows);
        Path folder = dir.resolve(
                "copies-" + count + "-" + track.getFileName().toString().replace(".csv", ""));
        if (!Files.isDirectory(folder)) {
            Path partial = Files.createDirectories(dir.resolve(folder.getFileName() + ".partial"));
            byte[] content = Files.readAllBytes(track);
            for (int i = 1; i <= count; i++) {
                Files.write(partial.resolve(String.format("v%05d.csv", i)), content);
            }
            Files.move(partial, folder);
        }
        return folder;
    }
}
