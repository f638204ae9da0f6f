package dev.gpsreplay.common.view;

/**
 * The Redis key layout of the vehicle view, shared by every writer and reader.
 *
 * <pre>
 * gps:vehicle:{id}:state   HASH    event = latest FixEvent JSON, run_id, sequence, emitted_at (idempotency)
 * gps:vehicle:{id}:track   ZSET    score = fix time (epoch ms), member = GpsFix JSON; newest N kept
 * gps:vehicles             ZSET    score = last update (epoch ms, wall clock), member = vehicle id
 * gps_state                STRING  LegacyFix JSON of the latest fix of any vehicle (the seed's key)
 * gps_state_topic          PUBSUB  the same LegacyFix JSON, each time gps_state is written (the seed's channel)
 * gps:fixes                PUBSUB  FixEvent JSON of every applied fix, for live readers
 * gps:{ingest}:epoch       STRING  a token naming this Redis data set, for the Kafka ingest (rebuild detection)
 * gps:{ingest}:offsets     HASH    topic:partition = the last Kafka offset whose event is in the view
 * gps:task:{id}            STRING  an average-speed task (JSON), expires after the task TTL
 * gps:{replayer}:checkpoints HASH  vehicle id = how far its file replay was delivered (the replayer's own)
 * </pre>
 *
 * <p>Redis Cluster: the {@code {id}} in a vehicle's keys is a hash tag, so both keys of a vehicle
 * live in one slot and its Lua apply touches one slot only. The global keys (index, seed key, ingest
 * offsets) are written by separate commands after the vehicle's script; the two ingest keys share
 * the {@code {ingest}} tag so the guarded offset commit is one script in one slot.
 */
public final class ViewKeys {

    public static final String VEHICLES = "gps:vehicles";
    public static final String SEED_STATE = "gps_state";
    /** The seed system's pub/sub channel: the seed fix JSON each time {@link #SEED_STATE} is written. */
    public static final String SEED_CHANNEL = "gps_state_topic";

    public static final String FIXES_CHANNEL = "gps:fixes";
    public static final String INGEST_EPOCH = "gps:{ingest}:epoch";
    public static final String INGEST_OFFSETS = "gps:{ingest}:offsets";

    private ViewKeys() {}

    public static String state(String vehicleId) {
        return "gps:vehicle:{" + vehicleId + "}:state";
    }

    public static String track(String vehicleId) {
        return "gps:vehicle:{" + vehicleId + "}:track";
    }

    public static String task(String taskId) {
        return "gps:task:" + taskId;
    }
}
