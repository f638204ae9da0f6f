-- wrk script of bench/: rotates over the paths given after `--` (if any) and prints one JSON line
-- (marked BENCH_WRK) with the figures bench reads, p99.9 included (wrk --latency stops at p99).
local paths = {}
local counter = 0

function init(args)
  for _, p in ipairs(args) do
    paths[#paths + 1] = p
  end
  counter = math.random(0, 1000)
end

function request()
  if #paths == 0 then
    return wrk.request()
  end
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_WRK {"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
