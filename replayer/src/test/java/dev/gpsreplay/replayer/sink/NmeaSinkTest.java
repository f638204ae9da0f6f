package dev.gpsreplay.replayer.sink;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.gpsreplay.common.view.VehicleViewReader;
import dev.gpsreplay.domain.GpsFix;
import dev.gpsreplay.domain.NmeaWriter;
import dev.gpsreplay.testkit.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * NMEA out, the gpsfake way (#13): with {@code replay.sink=redis,nmea}, a plain TCP client that asks
 * for one vehicle receives RMC, GGA and GSA per replayed fix, every checksum valid, positions and
 * speeds (in knots) those of the fixes, while the same fixes land in Redis (the fan-out). A client
 * that does not read is dropped once its write queue is full; the others go on.
 */
@QuarkusTest
@TestProfile(NmeaSinkTest.NmeaProfile.class)
@WithTestResource(RedisTestResource.class)
class NmeaSinkTest {

    /** Both sinks at once; the NMEA port is any free one. */
    public static class NmeaProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "replay.sink",
                    "redis,nmea",
                    "replay.nmea.port",
                    "0",
                    "replay.nmea.host",
                    "127.0.0.1",
                    "replay.nmea.max-clients",
                    "3",
                    "replay.nmea.write-queue-bytes",
                    "4096",
                    "replay.max-rows",
                    "20000");
        }
    }

    private static final String TRACK = """
            timestamp,latitude,longitude,elevation,speed_meters_per_second,bearing,satellites,hdop,vdop,pdop
            2024-05-14T08:00:00Z,41.04220000,29.00830000,80.5,5.0,45.0,9,0.9,1.4,1.7
            2024-05-14T08:00:01Z,41.04223000,29.00834000,80.7,6.5,46.5,9,0.9,1.4,1.7
            2024-05-14T08:00:02Z,-41.04226000,-29.00838000,81.0,7.25,47.0,10,0.8,1.3,1.6
            2024-05-14T08:00:03Z,41.04229000,29.00842000,,0.0,,,,,
            """;

    @Inject
    NmeaSink sink;

    @Inject
    VehicleViewReader view;

    @Test
    void aTcpClientReceivesEachFixOfItsVehicleAsValidSentences() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", sink.port()), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write("VEHICLE nmea-out\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.clientsOf("nmea-out") == 1);

            given().contentType("text/csv")
                    .body(TRACK)
                    .post("/replays?vehicle_id=nmea-out&speed=20")
                    .then()
                    .statusCode(201);

            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> lines = new ArrayList<>();
            while (lines.size() < 12) {
                lines.add(in.readLine());
            }
            // the NMEA clients are written to at once, the Redis write may still be under way: wait for it
            List<GpsFix> replayed = await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> view.track("nmea-out", 0, Long.MAX_VALUE, 10)
                                    .await()
                                    .atMost(Duration.ofSeconds(5)),
                            fixes -> fixes.size() >= 4);
            assertThat(replayed).hasSize(4);
            for (int i = 0; i < 4; i++) {
                check(lines.subList(3 * i, 3 * i + 3), replayed.get(i));
            }
        }
        given().delete("/replays/nmea-out").then().statusCode(200);
    }

    private static void check(List<String> sentences, GpsFix fix) {
        assertThat(sentences).extracting(s -> s.substring(0, 6)).containsExactly("$GPRMC", "$GPGGA", "$GPGSA");
        for (String s : sentences) {
            int star = s.lastIndexOf('*');
            assertThat(s.substring(star + 1)).as(s).isEqualTo(NmeaWriter.checksum(s.substring(1, star)));
        }
        String[] rmc = sentences.get(0).split("[,*]");
        assertThat(rmc[2]).isEqualTo("A");
        assertThat(angle(rmc[3], rmc[4])).isCloseTo(fix.latitude(), within(1e-7));
        assertThat(angle(rmc[5], rmc[6])).isCloseTo(fix.longitude(), within(1e-7));
        assertThat(Double.parseDouble(rmc[7])).isCloseTo(fix.speed() * 3600 / 1852, within(1e-3));
        assertThat(rmc[9]).isEqualTo("140524");
        String[] gga = sentences.get(1).split("[,*]");
        assertThat(angle(gga[2], gga[3])).isCloseTo(fix.latitude(), within(1e-7));
        if (fix.elevation() != null) {
            assertThat(Double.parseDouble(gga[9])).isCloseTo(fix.elevation(), within(0.01));
        }
        String[] gsa = sentences.get(2).split("[,*]", -1);
        if (fix.pdop() != null) {
            assertThat(Double.parseDouble(gsa[15])).isEqualTo(fix.pdop());
        }
    }

    /** ddmm.mmmm + hemisphere to signed degrees. */
    private static double angle(String value, String hemisphere) {
        double v = Double.parseDouble(value);
        double degrees = Math.floor(v / 100) + (v % 100) / 60;
        return hemisphere.equals("S") || hemisphere.equals("W") ? -degrees : degrees;
    }

    @Test
    void clientsBeyondTheLimitAreRefused() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket("127.0.0.1", sink.port());
                open.add(s);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.clientCount() == 3);
            try (Socket extra = new Socket("127.0.0.1", sink.port())) {
                extra.setSoTimeout(10_000);
                assertThat(extra.getInputStream().read())
                        .as("closed by the server")
                        .isEqualTo(-1);
            }
            assertThat(sink.clientCount()).isEqualTo(3);
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.clientCount() == 0);
    }

    @Test
    void aClientThatDoesNotReadIsDroppedAndTheOneThatReadsGoesOn() throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,latitude,longitude,speed_meters_per_second\n");
        for (int i = 0; i < 15_000; i++) {
            csv.append(1715673600L + i)
                    .append(",41.0422,29.0083,")
                    .append(i % 20)
                    .append('\n');
        }
        AtomicLong read = new AtomicLong();
        try (Socket slow = new Socket();
                Socket reading = new Socket()) {
            slow.setReceiveBufferSize(1024); // and it never reads
            slow.connect(new InetSocketAddress("127.0.0.1", sink.port()), 5000);
            reading.connect(new InetSocketAddress("127.0.0.1", sink.port()), 5000);
            for (Socket client : List.of(slow, reading)) {
                client.getOutputStream().write("VEHICLE nmea-slow\r\n".getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.clientsOf("nmea-slow") == 2);
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in = new BufferedReader(
                                new InputStreamReader(reading.getInputStream(), StandardCharsets.US_ASCII))) {
                            while (in.readLine() != null) {
                                read.incrementAndGet();
                            }
                        } catch (IOException closed) {
                            // the test is over
                        }
                    },
                    "nmea-reading-client");
            reader.setDaemon(true);
            reader.start();

            // looping, so that more comes than the kernel buffers for the slow socket (its sending
            // side grows up to net.ipv4.tcp_wmem's maximum, 4 MB on Linux; one pass is about 2 MB):
            // only then does its write queue fill
            given().contentType("text/csv")
                    .body(csv.toString())
                    .post("/replays?vehicle_id=nmea-slow&speed=10000&loop=true")
                    .then()
                    .statusCode(201);

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.clientsOf("nmea-slow") == 1);
            long atDrop = read.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> read.get() > atDrop + 300);
            // the dropped client finds its connection closed once it reads what was queued for it
            slow.setSoTimeout(10_000);
            byte[] buffer = new byte[65536];
            while (slow.getInputStream().read(buffer) >= 0) {
                // drain
            }
            reader.interrupt();
        }
        given().delete("/replays/nmea-slow").then().statusCode(200);
    }
}
