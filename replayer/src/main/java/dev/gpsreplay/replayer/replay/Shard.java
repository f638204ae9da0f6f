package dev.gpsreplay.replayer.replay;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which vehicles one replayer owns when several share the tracks ({@code replay.shard=i/n}): those
 * whose id's CRC-32 (of its UTF-8 bytes, the zlib/IEEE polynomial) modulo {@code n} is {@code i}.
 * Stable across processes, versions and languages, so any tool can tell where a vehicle lives.
 *
 * @param index this replayer's shard, 0-based
 * @param count number of shards, at least 1
 */
public record Shard(int index, int count) {

    /** Every vehicle: the default of a single replayer. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("replay.shard must be i/n with 0 <= i < n, got " + index + "/" + count);
        }
    }

    /** Parses {@code i/n}. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("replay.shard must be i/n (for example 0/2), got '" + text + "'");
    }

    /** The shard a vehicle belongs to among {@code count}. */
    public static int of(String vehicleId, int count) {
        CRC32 crc = new CRC32();
        crc.update(vehicleId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }

    public boolean owns(String vehicleId) {
        return count == 1 || of(vehicleId, count) == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
