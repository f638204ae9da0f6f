-- Applies one fix event to a vehicle's view, atomically and idempotently.
-- An event of the run already applied with an equal or higher sequence changes nothing, so a
-- redelivered or replayed event (Kafka at-least-once) ends in the same view.
--
-- KEYS[1] vehicle state hash   KEYS[2] vehicle track zset
-- KEYS[3] vehicles index zset  KEYS[4] seed-compatible gps_state string
-- ARGV[1] vehicle id   ARGV[2] run id        ARGV[3] sequence
-- ARGV[4] event JSON   ARGV[5] fix epoch ms  ARGV[6] fix JSON (history member)
-- ARGV[7] history size ARGV[8] channel       ARGV[9] now, epoch ms
local applied = redis.call('HMGET', KEYS[1], 'run_id', 'sequence')
if applied[1] == ARGV[2] and tonumber(applied[2]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('HSET', KEYS[1], 'event', ARGV[4], 'run_id', ARGV[2], 'sequence', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
-- keep the newest N fixes by track time
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[7]) - 1)
redis.call('ZADD', KEYS[3], ARGV[9], ARGV[1])
redis.call('SET', KEYS[4], ARGV[6])
redis.call('PUBLISH', ARGV[8], ARGV[4])
return 1
