-- wrk script of bench/: prints one JSON line (marked BENCH_WRK) with the figures bench reads,
-- p99.9 included (wrk --latency stops at p99). No request() here: wrk then sends its static
-- request at full speed, without a Lua call per request.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_WRK {"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
