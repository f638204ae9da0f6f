-- Applies fix events, in the order given, each to ONE vehicle's two keys, atomically and
-- idempotently per event. Against one Redis server a call carries several events (of any vehicles),
-- so the call's own cost is paid once for them all; in Redis Cluster a call carries one event, whose
-- two keys share the vehicle's hash tag, so it runs in that vehicle's slot. The global keys (index,
-- gps_state) are written by the caller afterwards, for the events this answered 1 for.
--
-- KEYS, two per event:  vehicle state hash, vehicle track zset
-- ARGV[1] history size  ARGV[2] history max age ms (0: no limit)  ARGV[3] idle ttl ms (0: never expire)
-- ARGV[4] live channel
-- then six per event:   run id, sequence, event JSON, fix epoch ms, fix JSON, emitted_at epoch ms
--
-- Answers an array, one entry per event:
--   same run, sequence not newer than the one held     -> 0  (a redelivery: nothing changes)
--   another run, emitted before the one held           -> -1 (an older run never overwrites a newer one)
--   a key of the wrong type (when there is something to write) -> an error text, and nothing written
--   otherwise                                          -> 1  (state, history, expiry, live notification)
-- A key of the wrong type is answered as a value rather than raised: one bad vehicle must neither
-- write half its update nor fail the other events of the call. The two commands that can meet it
-- run first, protected (the read, then the history's ZADD, before anything else is written); TYPE is
-- asked only then, for the message.
local historySize = tonumber(ARGV[1])
local maxAge = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local channel = ARGV[4]

local function wrongType(state, track)
  return 'WRONGTYPE ' .. state .. ' is a ' .. redis.call('TYPE', state)['ok'] .. ', ' .. track .. ' is a '
    .. redis.call('TYPE', track)['ok']
end

local function apply(state, track, runId, sequence, event, at, fix, emittedAt)
  local held = redis.pcall('HMGET', state, 'run_id', 'sequence', 'emitted_at')
  if held['err'] then
    return wrongType(state, track)
  end
  if held[1] then
    if held[1] == runId then
      if tonumber(held[2]) >= tonumber(sequence) then
        return 0
      end
    elseif held[3] and tonumber(held[3]) > tonumber(emittedAt) then
      return -1
    end
  end
  local added = redis.pcall('ZADD', track, at, fix)
  if type(added) == 'table' and added['err'] then
    return wrongType(state, track)
  end
  redis.call('HSET', state, 'event', event, 'run_id', runId, 'sequence', sequence, 'emitted_at', emittedAt)
  -- keep the newest N fixes by track time, and none older than the max age before this fix
  redis.call('ZREMRANGEBYRANK', track, 0, -historySize - 1)
  if maxAge > 0 then
    redis.call('ZREMRANGEBYSCORE', track, '-inf', '(' .. (tonumber(at) - maxAge))
  end
  if ttl > 0 then
    redis.call('PEXPIRE', state, ttl)
    redis.call('PEXPIRE', track, ttl)
  end
  redis.call('PUBLISH', channel, event)
  return 1
end

local results = {}
for i = 1, #KEYS / 2 do
  local a = 4 + (i - 1) * 6
  results[i] = apply(KEYS[2 * i - 1], KEYS[2 * i],
    ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6])
end
return results
