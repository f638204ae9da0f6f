#!/usr/bin/env bash
# One request against each endpoint of the README's tables, on a running stack (compose, or
# ./run.sh): query-api on QUERY_API (default http://localhost:8080), the replayer on REPLAYER
# (default http://localhost:8081), their health and metrics on QUERY_API_MANAGEMENT (default
# http://localhost:9000) and REPLAYER_MANAGEMENT (default http://localhost:9001). Waits up to two minutes for the first fix. Exits non-zero on the
# first endpoint that does not answer as documented. The replayer's changing endpoints answer 2xx
# with OPERATOR_TOKEN (the services verify it with the operator's public key); without it, 401.
#
#   src-native/smoke.sh
set -euo pipefail
QUERY_API=${QUERY_API:-http://localhost:8080}
REPLAYER=${REPLAYER:-http://localhost:8081}
QUERY_API_MANAGEMENT=${QUERY_API_MANAGEMENT:-http://localhost:9000}
REPLAYER_MANAGEMENT=${REPLAYER_MANAGEMENT:-http://localhost:9001}
auth=()
changed='401'
if [[ -n ${OPERATOR_TOKEN:-} ]]; then
  auth=(-H "Authorization: Bearer ${OPERATOR_TOKEN}")
  changed='20[0-4]'
fi

check() { # <expected status regex> <curl arguments...>
  local expected=$1 status shown
  shift
  shown="$*"
  [[ -z ${OPERATOR_TOKEN:-} ]] || shown=${shown//"$OPERATOR_TOKEN"/<token>} # never the token in a log
  status=$(curl -sS -o /tmp/smoke-body -w '%{http_code}' --max-time 30 "$@") || true
  if [[ ! $status =~ ^($expected)$ ]]; then
    echo "FAIL $shown -> $status (expected $expected)"
    head -c 600 /tmp/smoke-body
    echo
    exit 1
  fi
  echo "ok   $status $shown"
}

for _ in $(seq 1 60); do
  curl -fsS "$QUERY_API/gps_state" >/dev/null 2>&1 && break
  sleep 2
done

vehicle=$(curl -fsS "$QUERY_API/vehicles" | grep -o '"vehicle_id" *: *"[^"]*"' | head -n 1 | sed 's/.*: *"\(.*\)"/\1/')
[[ -n $vehicle ]] || { echo "FAIL no vehicle in $QUERY_API/vehicles"; exit 1; }
echo "vehicle: $vehicle"

# query-api
check 200 "$QUERY_API/gps_state"
check 200 "$QUERY_API/compute_avg_speed?time_window_seconds=2"
check 200 -X POST "$QUERY_API/request_to_compute_avg_speed?time_window_seconds=1" # as the seed: 200, the id as a JSON string
task=$(tr -d '"' </tmp/smoke-body)
check 200 "$QUERY_API/get_avg_speed_task_status?task_id=${task}"
check 200 "$QUERY_API/vehicles"
check 200 "$QUERY_API/vehicles/${vehicle}/state"
check 200 "$QUERY_API/vehicles/${vehicle}/track?limit=5"
check 200 "$QUERY_API/vehicles/${vehicle}/stats?window_seconds=60"
check 200 --max-time 3 "$QUERY_API/stream"
check 200 "$QUERY_API/"
check 200 "$QUERY_API_MANAGEMENT/q/health/ready"
check 200 "$QUERY_API_MANAGEMENT/q/metrics"
check 404 "$QUERY_API/q/metrics" # not on the serving port

# replayer
check 200 "$REPLAYER/replays"
check "$changed" "${auth[@]}" -X POST "$REPLAYER/replays/${vehicle}/pause"
check "$changed" "${auth[@]}" -X POST "$REPLAYER/replays/${vehicle}/resume"
check "$changed" "${auth[@]}" -X PUT "$REPLAYER/replays/${vehicle}/speed?factor=2"
check "$changed" "${auth[@]}" -X POST "$REPLAYER/replays/${vehicle}/seek?position=0"
check "$changed" "${auth[@]}" -X POST -H 'Content-Type: text/csv' --data-binary @data/bus-17.csv \
  "$REPLAYER/replays?vehicle_id=smoke-test"
check "$changed|404" "${auth[@]}" -X DELETE "$REPLAYER/replays/smoke-test"
check 200 "$REPLAYER_MANAGEMENT/q/health/ready"
check 200 "$REPLAYER_MANAGEMENT/q/metrics"
echo "every endpoint answered"
