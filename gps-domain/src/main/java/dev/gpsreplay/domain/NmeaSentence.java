package dev.gpsreplay.domain;

import java.util.List;

/**
 * One NMEA 0183 sentence, split into fields after its checksum was verified: {@code $GNRMC,...*hh}
 * gives the talker {@code GN}, the type {@code RMC} and the fields after the address.
 */
record NmeaSentence(String talker, String type, List<String> fields) {

    /**
     * @param line a line of an NMEA log, without its line end
     * @return the sentence, or null for a line to skip silently (blank, or an AIS {@code !} sentence)
     * @throws BadRowException when the line is not a sentence or its checksum is missing or wrong
     */
    static NmeaSentence parse(String line) throws BadRowException {
        String text = line.strip();
        if (text.isEmpty() || text.charAt(0) == '!') {
            return null;
        }
        if (text.charAt(0) != '$') {
            throw new BadRowException(RowProblem.MALFORMED, "not an NMEA sentence (it does not start with $)");
        }
        int star = text.lastIndexOf('*');
        if (star < 0) {
            throw new BadRowException(RowProblem.MALFORMED, "no checksum (*hh) at the end of the sentence");
        }
        String body = text.substring(1, star);
        String given = text.substring(star + 1);
        String computed = NmeaWriter.checksum(body);
        if (!given.equalsIgnoreCase(computed)) {
            throw new BadRowException(
                    RowProblem.MALFORMED, "checksum *" + given + " does not match the sentence (*" + computed + ")");
        }
        List<String> parts = List.of(body.split(",", -1));
        String address = parts.get(0);
        if (address.length() != 5 || address.charAt(0) == 'P') {
            // proprietary ($PGRME...) or an unusual address: nothing this reader uses
            return new NmeaSentence("", address, parts.subList(1, parts.size()));
        }
        return new NmeaSentence(address.substring(0, 2), address.substring(2), parts.subList(1, parts.size()));
    }

    /** @return field {@code index} (1 is the first after the address), or "" when the sentence is shorter */
    String field(int index) {
        return index >= 1 && index <= fields.size() ? fields.get(index - 1).strip() : "";
    }
}
