package dev.gpsreplay.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** GPSLogger for Android's CSV exports, current and older, and header aliases. */
class GpsLoggerFormatTest {

    private static final String HEADER_24 = "time;lat;lon;elevation;accuracy;bearing;speed;satellites;"
            + "provider;hdop;vdop;pdop;geoidheight;ageofdgpsdata;dgpsid;activity;battery;annotation;"
            + "timestamp_ms;time_offset;distance;starttimestamp_ms;profile_name;battery_charging";

    private static TrackReadResult read(String name, String text) {
        return TrackReader.read(name, new StringReader(text));
    }

    @Test
    void readsTheCurrent24ColumnExportWithSemicolonsDecimalCommasCrlfAndBom() {
        String text = "\uFEFF" + HEADER_24 + "\r\n"
                + "2019-12-24T20:21:27.999Z;-27,71784157;-51,09886587;984,28;4,0;125,86;0,008;14;gps;0,8;1,6;1,8;"
                + "3,6;;;;85;;1577218887999;2019-12-24T17:21:27.999-03:00;5,5;1577218880000;Default Profile;false\r\n"
                + "2019-12-24T20:21:28.999Z;-27,71774157;-51,09886587;984,9;4,0;0,5;10,25;15;gps;0,9;1,7;1,9;"
                + "3,6;;;;85;;1577218888999;2019-12-24T17:21:28.999-03:00;16,6;1577218880000;Default Profile;false\r\n"
                + "\r\n"
                + "2019-12-24T20:21:30.999Z;-27,71764157;-51,09876587;985,5;;;;;gps;;;;"
                + ";;;;84;;1577218890999;2019-12-24T17:21:30.999-03:00;33,0;1577218880000;Default Profile;false\r\n";

        TrackReadResult result = read("20191224.csv", text);

        assertThat(result.rejections()).isEmpty();
        Track track = result.track();
        assertThat(track.name()).isEqualTo("20191224");
        assertThat(track.size()).isEqualTo(3);

        GpsFix first = track.fix(0);
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2019-12-24T20:21:27.999Z"));
        assertThat(first.latitude()).isEqualTo(-27.71784157);
        assertThat(first.longitude()).isEqualTo(-51.09886587);
        assertThat(first.elevation()).isEqualTo(984.28);
        assertThat(first.accuracy()).isEqualTo(4.0);
        assertThat(first.bearing()).isEqualTo(125.86);
        assertThat(first.speed()).isEqualTo(0.008);
        assertThat(first.satellites()).isEqualTo(14);
        assertThat(first.hdop()).isEqualTo(0.8);
        assertThat(first.vdop()).isEqualTo(1.6);
        assertThat(first.pdop()).isEqualTo(1.8);
        // GPSLogger's distance is a running total of the session, not a step: it must not leak in.
        assertThat(first.distanceMeters()).isZero();
        assertThat(first.elapsedTimeSeconds()).isZero();

        GpsFix second = track.fix(1);
        assertThat(second.speed()).isEqualTo(10.25);
        assertThat(second.elapsedTimeSeconds()).isEqualTo(1.0);
        // 0.0001 degree of latitude is about 11.09 m there; the running distances differ by 11.1.
        assertThat(second.distanceMeters())
                .isEqualTo(Geodesy.distanceMeters(first, second))
                .isCloseTo(11.09, within(0.01));

        GpsFix third = track.fix(2);
        assertThat(third.elapsedTimeSeconds()).isEqualTo(2.0);
        assertThat(third.distanceMeters()).isEqualTo(Geodesy.distanceMeters(second, third));
        assertThat(third.speed()).as("an empty speed stays unknown").isNull();
        assertThat(third.accuracy()).isNull();
        assertThat(third.bearing()).isNull();
        assertThat(third.satellites()).isNull();
        assertThat(third.hdop()).isNull();
    }

    @Test
    void readsAnOlder18ColumnExport() {
        String text = "time,lat,lon,elevation,accuracy,bearing,speed,satellites,provider,hdop,vdop,pdop,"
                + "geoidheight,ageofdgpsdata,dgpsid,activity,battery,annotation\n"
                + "2016-03-01T07:00:00Z,51.5,-0.12,12.0,8.0,90.0,3.5,9,gps,1.2,2.0,2.3,47.0,,,,55,\n"
                + "2016-03-01T07:00:05Z,51.5,-0.1199,12.5,8.0,90.0,,9,gps,1.2,2.0,2.3,47.0,,,,55,arrived\n";

        TrackReadResult result = read("old.csv", text);

        assertThat(result.rejections()).isEmpty();
        assertThat(result.track().fixes())
                .extracting(GpsFix::timestamp)
                .containsExactly(Instant.parse("2016-03-01T07:00:00Z"), Instant.parse("2016-03-01T07:00:05Z"));
        GpsFix second = result.track().fix(1);
        assertThat(second.speed()).isNull();
        assertThat(second.elapsedTimeSeconds()).isEqualTo(5.0);
        assertThat(second.distanceMeters()).isCloseTo(6.94, within(0.01));
    }

    @Test
    void readsAnOlder15ColumnExport() {
        String text = "time,lat,lon,elevation,accuracy,bearing,speed,satellites,provider,hdop,vdop,pdop,"
                + "geoidheight,ageofdgpsdata,dgpsid\n"
                + "2014-06-01T12:00:00.000Z,40.0,-3.7,650,10,,0.0,7,gps,1.5,2.5,2.9,,,\n";

        GpsFix fix = read("older.csv", text).track().fix(0);

        assertThat(fix.latitude()).isEqualTo(40.0);
        assertThat(fix.longitude()).isEqualTo(-3.7);
        assertThat(fix.elevation()).isEqualTo(650.0);
        assertThat(fix.bearing()).isNull();
        assertThat(fix.speed()).isEqualTo(0.0);
        assertThat(fix.satellites()).isEqualTo(7);
    }

    @Test
    void prefersTheTimeColumnButFallsBackToEpochMilliseconds() {
        String text = " Timestamp_MS ; LAT ; Lng ; Altitude ; Speed_Meters_Per_Second ; Course ; Sats \n"
                + "1715673600250;38,7;-9,1;55,5;12,5;270;11\n";

        GpsFix fix = read("aliases.csv", text).track().fix(0);

        assertThat(fix.timestamp()).isEqualTo(Instant.parse("2024-05-14T08:00:00.250Z"));
        assertThat(fix.latitude()).isEqualTo(38.7);
        assertThat(fix.longitude()).isEqualTo(-9.1);
        assertThat(fix.elevation()).isEqualTo(55.5);
        assertThat(fix.speed()).isEqualTo(12.5);
        assertThat(fix.bearing()).isEqualTo(270.0);
        assertThat(fix.satellites()).isEqualTo(11);
    }

    @Test
    void acceptsOtherAliasesQuotedCellsAndIsoOffsets() {
        String text = "\"longitude\",\"latitude\",\"ele\",\"timestamp\",\"speed\"\n"
                + "\"-51.2\",\"-30.0\",\"10\",\"2024-05-14T05:00:00-03:00\",\"\"\n"
                + "-51.2,-30.0,11,1715673601.5,2.0\n";

        TrackReadResult result = read("quoted.csv", text);

        assertThat(result.rejections()).isEmpty();
        assertThat(result.track().fix(0).timestamp()).isEqualTo(Instant.parse("2024-05-14T08:00:00Z"));
        assertThat(result.track().fix(0).latitude()).isEqualTo(-30.0);
        assertThat(result.track().fix(0).speed()).isNull();
        assertThat(result.track().fix(1).timestamp()).isEqualTo(Instant.parse("2024-05-14T08:00:01.500Z"));
        assertThat(result.track().fix(1).elapsedTimeSeconds()).isEqualTo(1.5);
    }
}
