package dev.gpsreplay.common.view;

/**
 * The Redis key layout of the vehicle view, shared by every writer and reader.
 *
 * <pre>
 * gps:vehicle:{id}:state   HASH    event = latest FixEvent JSON, run_id, sequence (idempotency)
 * gps:vehicle:{id}:track   ZSET    score = fix time (epoch ms), member = SeedFix JSON; newest N kept
 * gps:vehicles             ZSET    score = last update (epoch ms, wall clock), member = vehicle id
 * gps_state                STRING  SeedFix JSON of the latest fix of any vehicle (the seed's key)
 * gps:fixes                PUBSUB  FixEvent JSON of every applied fix, for live readers
 * gps:task:{id}            STRING  an average-speed task (JSON), expires after the task TTL
 * </pre>
 */
public final class ViewKeys {

    public static final String VEHICLES = "gps:vehicles";
    public static final String SEED_STATE = "gps_state";
    public static final String FIXES_CHANNEL = "gps:fixes";

    private ViewKeys() {
    }

    public static String state(String vehicleId) {
        return "gps:vehicle:" + vehicleId + ":state";
    }

    public static String track(String vehicleId) {
        return "gps:vehicle:" + vehicleId + ":track";
    }

    public static String task(String taskId) {
        return "gps:task:" + taskId;
    }
}
