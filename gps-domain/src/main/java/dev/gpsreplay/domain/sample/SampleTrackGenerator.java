package dev.gpsreplay.domain.sample;

import dev.gpsreplay.domain.Geodesy;
import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.domain.GpxWriter;
import dev.gpsreplay.domain.NmeaWriter;
import dev.gpsreplay.domain.SeedCsvWriter;
import dev.gpsreplay.domain.Track;
import dev.gpsreplay.domain.TrackMetrics;
import dev.gpsreplay.domain.TrackStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicMask;

/**
 * Generates plausible urban drives for demos and tests, deterministically for a given seed.
 *
 * <p>The vehicle drives legs of straight road (150–1200 m, with a slight random curvature) at a
 * cruise speed picked per leg between 8 and 25 m/s that wanders by about ±1.5 m/s. At the end of a
 * leg it brakes (2 m/s²) for a turn of 25–110° taken on a 15–30 m radius, or for a stop of 5–40 s
 * (traffic light, bus stop: at least every fifth leg), then accelerates again (1–1.8 m/s²). Elevation
 * follows a smooth hill profile of three sine waves over the distance driven (grades up to 7.5 %).
 * The drive is simulated in 0.2 s steps, moving along the WGS84 geodesic ({@link Geodesic#Direct}),
 * and sampled once a second like a phone's GPS, except for occasional 2–6 s gaps (lost fixes).
 *
 * <p>Each fix then gets receiver-like errors: a slowly wandering position error of a few metres
 * (frozen when standing still, as phones do), noisy speed and bearing, elevation noise, and
 * accuracy / DOP values that follow the number of satellites in view. {@code distanceMeters} and
 * {@code elapsedTimeSeconds} are measured from the previous generated fix.
 *
 * <p>All randomness comes from one {@link Random} seeded with {@code seed}, and the generator's own
 * trigonometry uses {@link StrictMath}, so a seed gives the same track on every run (the committed
 * samples came out byte-identical on JDK 17 and JDK 25).
 */
public final class SampleTrackGenerator {

    private SampleTrackGenerator() {}

    /**
     * Generates a drive.
     *
     * @param name     the track name
     * @param seed     seed of the randomness: the same seed gives the same track
     * @param start    time of the first fix
     * @param startLat latitude of the starting point, degrees
     * @param startLon longitude of the starting point, degrees
     * @param length   how long the drive lasts (at least one second)
     * @return one fix per second (minus the gaps), the first at {@code start}
     */
    public static Track generate(
            String name, long seed, Instant start, double startLat, double startLon, Duration length) {
        if (length.getSeconds() < 1) {
            throw new IllegalArgumentException("length must be at least one second: " + length);
        }
        return new Track(name, new Drive(new Random(seed), startLat, startLon).record(start, length));
    }

    /**
     * Writes the committed sample tracks: {@code bus-17.csv}, {@code taxi-42.csv}, {@code van-07.csv} in
     * the seed CSV format, {@code moto-11.gpx} as GPX 1.1 and {@code truck-03.nmea} as an NMEA 0183 log.
     *
     * @param args the output folder (created if needed)
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SampleTrackGenerator <output folder>");
            System.exit(2);
        }
        Path folder = Files.createDirectories(Path.of(args[0]));
        for (Sample sample : SAMPLES) {
            Track track = sample.generate();
            Path file = folder.resolve(sample.fileName());
            Files.writeString(file, sample.format().write(track));
            TrackStats stats = TrackMetrics.over(track.fixes());
            System.out.printf(
                    Locale.ROOT,
                    "%s: %d fixes, %s, %.0f m, max %.1f m/s%n",
                    file,
                    track.size(),
                    track.duration(),
                    stats.distanceMeters(),
                    stats.maxSpeedMetersPerSecond());
        }
    }

    /** The parameters of one committed sample track. */
    record Sample(
            String name,
            long seed,
            Instant start,
            double latitude,
            double longitude,
            Duration length,
            FileFormat format) {

        Sample(String name, long seed, Instant start, double latitude, double longitude, Duration length) {
            this(name, seed, start, latitude, longitude, length, FileFormat.CSV);
        }

        Track generate() {
            return SampleTrackGenerator.generate(name, seed, start, latitude, longitude, length);
        }

        String fileName() {
            return name + "." + format.name().toLowerCase(Locale.ROOT);
        }

        /** The file's text: what {@link #main(String[])} writes and {@code SampleDataFilesTest} compares. */
        String text() {
            return format.write(generate());
        }
    }

    /** The file formats the samples are written in. */
    enum FileFormat {
        CSV,
        GPX,
        NMEA;

        String write(Track track) {
            return switch (this) {
                case CSV -> SeedCsvWriter.toCsv(track.fixes());
                case GPX -> gpx(track);
                case NMEA -> nmea(track);
            };
        }

        private static String gpx(Track track) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                GpxWriter.write(track.name(), track.fixes(), out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString(StandardCharsets.UTF_8) + "\n";
        }

        /** CRLF line ends, as NMEA 0183 prescribes. */
        private static String nmea(Track track) {
            StringBuilder text = new StringBuilder();
            track.fixes()
                    .forEach(fix -> NmeaWriter.sentences(fix)
                            .forEach(s -> text.append(s).append("\r\n")));
            return text.toString();
        }
    }

    /** The tracks {@link #main(String[])} writes; a test checks that data/ still matches them. */
    static final List<Sample> SAMPLES = List.of(
            // Porto Alegre, Brazil: downtown, near the Mercado Público
            new Sample("bus-17", 17, Instant.parse("2024-05-14T08:00:00Z"), -30.0277, -51.2287, Duration.ofMinutes(15)),
            // Lisbon, Portugal: Baixa
            new Sample(
                    "taxi-42", 42, Instant.parse("2024-05-14T08:00:02.500Z"), 38.7107, -9.1366, Duration.ofMinutes(12)),
            // Melbourne, Australia: the CBD
            new Sample("van-07", 7, Instant.parse("2024-05-14T08:01:35Z"), -37.8136, 144.9631, Duration.ofMinutes(18)),
            // Amsterdam, the Netherlands: along the Amstel (GPX, as a phone or bike computer writes it)
            new Sample(
                    "moto-11",
                    11,
                    Instant.parse("2024-05-14T08:02:00Z"),
                    52.3600,
                    4.9050,
                    Duration.ofMinutes(11),
                    FileFormat.GPX),
            // Istanbul, Turkey: the Bosphorus shore at Beşiktaş (an NMEA log, as a receiver writes it)
            new Sample(
                    "truck-03",
                    3,
                    Instant.parse("2024-05-14T08:03:00Z"),
                    41.0422,
                    29.0083,
                    Duration.ofMinutes(13),
                    FileFormat.NMEA));

    /** The simulated vehicle and its receiver. */
    private static final class Drive {

        private static final int STEPS_PER_SECOND = 5;
        private static final double STEP_SECONDS = 1.0 / STEPS_PER_SECOND;
        private static final double BRAKING = 2.0;

        private final Random random;
        private final Road road;
        private final Receiver receiver;
        private double latitude;
        private double longitude;
        private double bearing;
        private double speed;
        private double travelled;

        Drive(Random random, double latitude, double longitude) {
            this.random = random;
            this.latitude = latitude;
            this.longitude = longitude;
            this.bearing = random.nextDouble() * 360;
            this.road = new Road(random);
            this.receiver = new Receiver(random);
        }

        List<GpsFix> record(Instant start, Duration length) {
            List<GpsFix> fixes = new ArrayList<>();
            int gapLeft = 0;
            for (long second = 0; second <= length.getSeconds(); second++) {
                if (second > 0) {
                    advanceOneSecond();
                }
                if (gapLeft > 0) {
                    gapLeft--;
                    continue;
                }
                GpsFix previous = fixes.isEmpty() ? null : fixes.get(fixes.size() - 1);
                fixes.add(receiver.fix(start.plusSeconds(second), this, previous));
                if (second > 0 && random.nextDouble() < 0.015) {
                    gapLeft = 1 + random.nextInt(5); // 1–5 lost fixes: a 2–6 s gap
                }
            }
            return fixes;
        }

        private void advanceOneSecond() {
            for (int i = 0; i < STEPS_PER_SECOND; i++) {
                step();
            }
        }

        private void step() {
            double target = road.targetSpeed(speed, STEP_SECONDS);
            double newSpeed = target >= speed
                    ? Math.min(target, speed + road.acceleration(speed) * STEP_SECONDS)
                    : Math.max(target, speed - BRAKING * STEP_SECONDS);
            double distance = (speed + newSpeed) / 2 * STEP_SECONDS;
            double turn = road.turn(newSpeed, STEP_SECONDS);
            // Move along the mean bearing of the step so a turn bends the path instead of kinking it.
            GeodesicData moved = Geodesic.WGS84.Direct(
                    latitude, longitude, bearing + turn / 2, distance, GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
            latitude = moved.lat2;
            longitude = moved.lon2;
            bearing = normalise(bearing + turn);
            speed = newSpeed;
            travelled += distance;
            road.travelled(distance);
        }
    }

    /**
     * What the road asks of the driver: legs of straight road, each ending in a turn or a stop.
     */
    private static final class Road {

        private final Random random;
        private double legLeft;
        private double cruise;
        private double wobble;
        private double curvature;
        private double turnLeft;
        private double turnRadius;
        private double turnSpeed;
        private boolean stopAtEnd;
        private double dwellLeft;
        private int legsWithoutStop;
        private double acceleration;

        Road(Random random) {
            this.random = random;
            dwellLeft = 3 + random.nextInt(6); // parked for a few seconds before setting off
            newLeg();
        }

        private void newLeg() {
            legLeft = 150 + random.nextDouble() * 1050;
            cruise = 8 + random.nextDouble() * 17;
            acceleration = 1.0 + random.nextDouble() * 0.8;
            curvature = (random.nextDouble() - 0.5) * 0.6; // degrees per second of gentle bend
            stopAtEnd = random.nextDouble() < 0.3 || legsWithoutStop >= 4;
            legsWithoutStop = stopAtEnd ? 0 : legsWithoutStop + 1;
            turnSpeed = 4 + random.nextDouble() * 4;
        }

        /** Speed the driver aims for now. */
        double targetSpeed(double speed, double dt) {
            if (dwellLeft > 0) {
                if (speed < 0.05) {
                    dwellLeft -= dt;
                }
                return 0;
            }
            if (turnLeft != 0) {
                return turnSpeed;
            }
            double endSpeed = stopAtEnd ? 0 : turnSpeed;
            double brakingDistance = (speed * speed - endSpeed * endSpeed) / (2 * Drive.BRAKING);
            if (legLeft <= brakingDistance + speed * dt) {
                return endSpeed;
            }
            wobble = 0.995 * wobble + random.nextGaussian() * 0.1;
            return StrictMath.max(2, cruise + StrictMath.max(-1.5, StrictMath.min(1.5, wobble)));
        }

        double acceleration(double speed) {
            // Cars pull away hard and gain speed more slowly as they go faster.
            return acceleration * (1 - speed / 40);
        }

        /** Degrees to turn during the next step (positive is clockwise). */
        double turn(double speed, double dt) {
            if (turnLeft == 0) {
                return curvature * dt * StrictMath.min(1, speed / 5);
            }
            double maxRate = StrictMath.toDegrees(speed / turnRadius);
            // Ease out: the rate shrinks with the angle left, so the bearing settles smoothly.
            double rate = StrictMath.min(maxRate, 2 + 6 * StrictMath.sqrt(StrictMath.abs(turnLeft)));
            double turn = StrictMath.copySign(StrictMath.min(StrictMath.abs(turnLeft), rate * dt), turnLeft);
            turnLeft -= turn;
            if (StrictMath.abs(turnLeft) < 1e-9) {
                turnLeft = 0;
                newLeg();
            }
            return turn;
        }

        void travelled(double distance) {
            if (turnLeft != 0 || dwellLeft > 0) {
                return;
            }
            legLeft -= distance;
            if (legLeft > 0) {
                return;
            }
            boolean stopped = stopAtEnd;
            if (stopped) {
                dwellLeft = 5 + random.nextInt(36);
            }
            if (!stopped || random.nextBoolean()) {
                turnLeft = StrictMath.copySign(25 + random.nextDouble() * 85, random.nextDouble() - 0.5);
                turnRadius = 15 + random.nextDouble() * 15;
            } else {
                newLeg();
            }
        }
    }

    /** A phone's GPS receiver: samples the true state with realistic errors. */
    private static final class Receiver {

        private final Random random;
        private final double[] hillAmplitude = new double[3];
        private final double[] hillWavelength = new double[3];
        private final double[] hillPhase = new double[3];
        private final double baseElevation;
        private double errorNorth;
        private double errorEast;
        private double elevationError;
        private double recordedBearing;
        private final int typicalSatellites;
        private int satellites;
        private double hdop;

        Receiver(Random random) {
            this.random = random;
            baseElevation = 20 + random.nextDouble() * 150;
            for (int i = 0; i < 3; i++) {
                hillWavelength[i] = 800 + random.nextDouble() * 3200;
                // Steepest slope of a wave is amplitude * 2π / wavelength: keep each at 1–2.5 %, so the
                // road never climbs more than 7.5 %.
                double slope = 0.01 + random.nextDouble() * 0.015;
                hillAmplitude[i] = slope * hillWavelength[i] / (2 * StrictMath.PI);
                hillPhase[i] = random.nextDouble() * 2 * StrictMath.PI;
            }
            typicalSatellites = 9 + random.nextInt(6);
            satellites = typicalSatellites;
            hdop = dopFor(satellites);
        }

        GpsFix fix(Instant time, Drive drive, GpsFix previous) {
            wanderPositionError(drive.speed);
            double errorMeters = StrictMath.hypot(errorNorth, errorEast);
            GeodesicData seen = Geodesic.WGS84.Direct(
                    drive.latitude,
                    drive.longitude,
                    StrictMath.toDegrees(StrictMath.atan2(errorEast, errorNorth)),
                    errorMeters,
                    GeodesicMask.LATITUDE | GeodesicMask.LONGITUDE);
            double latitude = round(seen.lat2, 8);
            double longitude = round(normalise180(seen.lon2), 8);
            updateSatellites();
            double vdop = round(hdop * 1.6 + random.nextGaussian() * 0.05, 1);
            double distance = previous == null
                    ? 0
                    : Geodesy.distanceMeters(previous.latitude(), previous.longitude(), latitude, longitude);
            double elapsed = previous == null
                    ? 0
                    : Duration.between(previous.timestamp(), time).toMillis() / 1000.0;
            return new GpsFix(
                    time,
                    latitude,
                    longitude,
                    round(elevation(drive.travelled), 2),
                    round(StrictMath.max(2, hdop * 4.5 + random.nextGaussian() * 0.2), 1),
                    bearing(drive),
                    round(speed(drive.speed), 3),
                    satellites,
                    hdop,
                    vdop,
                    round(StrictMath.sqrt(hdop * hdop + vdop * vdop), 1),
                    distance,
                    elapsed);
        }

        /** A first-order random walk around the true position: GPS errors drift, they do not jump. */
        private void wanderPositionError(double speed) {
            double persistence = 0.99;
            double sigma = 2.5; // metres, per axis, in the long run
            // Phones pin the position while standing still, so the error hardly moves then.
            double agility = 0.1 + 0.9 * StrictMath.min(1, speed / 5);
            double kick = sigma * StrictMath.sqrt(1 - persistence * persistence) * agility;
            errorNorth = persistence * errorNorth + random.nextGaussian() * kick;
            errorEast = persistence * errorEast + random.nextGaussian() * kick;
        }

        private double elevation(double travelled) {
            double height = baseElevation;
            for (int i = 0; i < 3; i++) {
                height += hillAmplitude[i]
                        * StrictMath.sin(2 * StrictMath.PI * travelled / hillWavelength[i] + hillPhase[i]);
            }
            elevationError = 0.95 * elevationError + random.nextGaussian() * 0.4;
            return height + elevationError;
        }

        private double speed(double trueSpeed) {
            if (trueSpeed < 0.2) {
                return StrictMath.abs(random.nextGaussian() * 0.02); // standing: a few mm/s of noise
            }
            return StrictMath.max(0, trueSpeed + random.nextGaussian() * 0.15);
        }

        private double bearing(Drive drive) {
            // A receiver's course is meaningless when standing: it drifts at random.
            recordedBearing = drive.speed > 1
                    ? drive.bearing + random.nextGaussian() * 2
                    : recordedBearing + random.nextGaussian() * 20;
            recordedBearing = normalise(recordedBearing);
            return normalise(round(recordedBearing, 2)); // rounding 359.999 gives 360, normalised to 0
        }

        private void updateSatellites() {
            if (random.nextDouble() < 0.03) {
                // Satellites come and go (buildings, trees) but the count stays near what the sky offers.
                double up = 0.5 + 0.1 * (typicalSatellites - satellites);
                satellites = StrictMath.max(5, satellites + (random.nextDouble() < up ? 1 : -1));
                hdop = dopFor(satellites);
            }
        }

        private double dopFor(int satellitesInUse) {
            return round(StrictMath.max(0.6, 0.4 + 6.0 / satellitesInUse + random.nextGaussian() * 0.05), 1);
        }
    }

    /** The same direction in [0, 360). */
    private static double normalise(double degrees) {
        double d = degrees % 360;
        return d < 0 ? d + 360 : d;
    }

    /** The same longitude in [-180, 180). */
    private static double normalise180(double degrees) {
        return normalise(degrees + 180) - 180;
    }

    private static double round(double value, int decimals) {
        double scale = StrictMath.pow(10, decimals);
        return StrictMath.rint(value * scale) / scale;
    }
}
