-- Records the Kafka offsets whose events are in the view, only if this Redis still holds the data
-- set the consumer has been writing to (same epoch token). A missing or other token means Redis was
-- emptied or replaced since: the caller rebuilds from the topic instead. Offsets only move forward.
--
-- KEYS[1] epoch string   KEYS[2] offsets hash (same hash tag: one slot)
-- ARGV[1] the epoch the caller wrote under, then pairs of field (topic:partition), offset
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
for i = 2, #ARGV, 2 do
  local held = tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or '-1')
  if tonumber(ARGV[i + 1]) > held then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  end
end
return 1
