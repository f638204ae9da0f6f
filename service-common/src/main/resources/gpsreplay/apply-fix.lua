-- Applies one fix event to ONE vehicle's keys, atomically and idempotently. Both keys carry the
-- vehicle's hash tag, so in Redis Cluster the script runs in that vehicle's slot only; the global
-- keys (index, gps_state) are written by the caller afterwards, for the events this returned 1 for.
--   same run, sequence not newer than the one held     -> 0  (a redelivery: nothing changes)
--   another run, emitted before the one held           -> -1 (an older run never overwrites a newer one)
--   a key of the wrong type (when there is something to write) -> an error text, and nothing written
--   otherwise                                          -> 1  (state, history, expiry, live notification)
--
-- KEYS[1] vehicle state hash   KEYS[2] vehicle track zset
-- ARGV[1] run id        ARGV[2] sequence          ARGV[3] event JSON     ARGV[4] fix epoch ms
-- ARGV[5] fix JSON      ARGV[6] history size      ARGV[7] history max age ms (0: no limit)
-- ARGV[8] idle ttl ms (0: never expire)           ARGV[9] emitted_at epoch ms
-- ARGV[10] live channel
-- A key of the wrong type is answered as a value rather than raised: one bad vehicle must neither
-- write half its update nor fail the other scripts of a pipelined batch. The two commands that can
-- meet it run first, protected (the read, then the history's ZADD, before anything else is written);
-- TYPE is asked only then, for the message.
local function wrongType()
  return 'WRONGTYPE ' .. KEYS[1] .. ' is a ' .. redis.call('TYPE', KEYS[1])['ok'] .. ', ' .. KEYS[2] .. ' is a '
    .. redis.call('TYPE', KEYS[2])['ok']
end
local held = redis.pcall('HMGET', KEYS[1], 'run_id', 'sequence', 'emitted_at')
if held['err'] then
  return wrongType()
end
if held[1] then
  if held[1] == ARGV[1] then
    if tonumber(held[2]) >= tonumber(ARGV[2]) then
      return 0
    end
  elseif held[3] and tonumber(held[3]) > tonumber(ARGV[9]) then
    return -1
  end
end
local added = redis.pcall('ZADD', KEYS[2], ARGV[4], ARGV[5])
if type(added) == 'table' and added['err'] then
  return wrongType()
end
redis.call('HSET', KEYS[1], 'event', ARGV[3], 'run_id', ARGV[1], 'sequence', ARGV[2], 'emitted_at', ARGV[9])
-- keep the newest N fixes by track time, and none older than the max age before this fix
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[6]) - 1)
local maxAge = tonumber(ARGV[7])
if maxAge > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (tonumber(ARGV[4]) - maxAge))
end
local ttl = tonumber(ARGV[8])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
redis.call('PUBLISH', ARGV[10], ARGV[3])
return 1
