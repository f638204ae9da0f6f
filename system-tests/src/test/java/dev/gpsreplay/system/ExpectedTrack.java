package dev.gpsreplay.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.sf.geographiclib.Geodesic;

/**
 * What a seed-format track file says, read with a plain split and GeographicLib directly: an
 * oracle independent of the product's own reader, metrics and view.
 */
record ExpectedTrack(List<Row> rows) {

    record Row(long epochMillis, double latitude, double longitude, double speed) {}

    static ExpectedTrack read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String> header =
                    Arrays.asList(lines.get(0).replace("\uFEFF", "").trim().split(","));
            int time = header.indexOf("timestamp");
            int lat = header.indexOf("latitude");
            int lon = header.indexOf("longitude");
            int speed = header.indexOf("speed_meters_per_second");
            List<Row> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.trim().split(",", -1);
                long millis = new BigDecimal(cells[time]).movePointRight(3).longValueExact();
                rows.add(new Row(
                        millis,
                        Double.parseDouble(cells[lat]),
                        Double.parseDouble(cells[lon]),
                        Double.parseDouble(cells[speed])));
            }
            return new ExpectedTrack(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Row last() {
        return rows.get(rows.size() - 1);
    }

    /** Rows with {@code fromMillis <= time <= toMillis}. */
    List<Row> between(long fromMillis, long toMillis) {
        return rows.stream()
                .filter(r -> r.epochMillis() >= fromMillis && r.epochMillis() <= toMillis)
                .toList();
    }

    static double meanSpeed(List<Row> rows) {
        return rows.stream().mapToDouble(Row::speed).average().orElseThrow();
    }

    static double maxSpeed(List<Row> rows) {
        return rows.stream().mapToDouble(Row::speed).max().orElseThrow();
    }

    static double distance(List<Row> rows) {
        double total = 0;
        for (int i = 1; i < rows.size(); i++) {
            Row a = rows.get(i - 1);
            Row b = rows.get(i);
            total += Geodesic.WGS84.Inverse(a.latitude(), a.longitude(), b.latitude(), b.longitude()).s12;
        }
        return total;
    }

    static double movingSeconds(List<Row> rows, double threshold) {
        double total = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).speed() >= threshold) {
                total += (rows.get(i).epochMillis() - rows.get(i - 1).epochMillis()) / 1000.0;
            }
        }
        return total;
    }
}
