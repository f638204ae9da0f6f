#!/usr/bin/env bash
# Runs GPS Replay on this machine, without Docker, in the foreground; Ctrl-C stops all it started.
#   (default)    event-driven: Redis + Kafka (KRaft, one node) + the replayer (:8081), publishing
#                each fix to the topic gps-fixes, + the query-api (:8080), which consumes it (group
#                query-api) and writes the Redis view.
#   --rest       REST variant: Redis + the replayer, writing the view into Redis, + the query-api.
#   --deps-only  Redis and Kafka only, for the services in dev mode: prints what to export.
#   --rebuild    build with Maven even if the jars exist
#   TRACKS       a track file or folder to replay (default: $REPLAY_SOURCE, else ./data)
# Redis and Kafka are private processes on free loopback ports, started by test-support's Launcher
# (the tests' code), unless QUARKUS_REDIS_HOSTS / KAFKA_BOOTSTRAP_SERVERS name running ones.
#
# Usage: ./run.sh [--rest | --deps-only] [--rebuild] [TRACKS]
# Environment (all optional): REPLAY_SOURCE, REPLAY_SPEED (1), REPLAY_LOOP (true); REPLAYER_PORT
# (8081), QUERY_API_PORT (8080), and their health and metrics ports on loopback,
# REPLAYER_MANAGEMENT_PORT (9001), QUERY_API_MANAGEMENT_PORT (9000); QUARKUS_REDIS_HOSTS, KAFKA_BOOTSTRAP_SERVERS (use these, start
# none); GPSREPLAY_REDIS_SERVER (redis-server binary; default: the PATH's, else embedded-redis's);
# GPSREPLAY_KAFKA_LIBS (the broker's jars; default: kafka-broker/target/kafka-libs);
# KAFKA_START_TIMEOUT (120), READY_TIMEOUT (90) in seconds; QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT
# (send traces there, e.g. a Jaeger at http://localhost:4317; unset: no tracing export).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="$ROOT/target/run/$$" # one per run: two runs from one checkout never share files
REPLAYER_JAR="$ROOT/replayer/target/quarkus-app/quarkus-run.jar"
QUERY_API_JAR="$ROOT/query-api/target/quarkus-app/quarkus-run.jar"
LAUNCHER_CP="$ROOT/test-support/target/launcher.classpath" # written by test-support's build
REPLAYER_PORT="${REPLAYER_PORT:-8081}"
QUERY_API_PORT="${QUERY_API_PORT:-8080}"
REPLAYER_MANAGEMENT_PORT="${REPLAYER_MANAGEMENT_PORT:-9001}"
QUERY_API_MANAGEMENT_PORT="${QUERY_API_MANAGEMENT_PORT:-9000}"
REPLAY_SPEED="${REPLAY_SPEED:-1}"
REPLAY_LOOP="${REPLAY_LOOP:-true}" # a demo should not go quiet after one pass
READY_TIMEOUT="${READY_TIMEOUT:-90}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
MODE=event-driven # or rest (--rest) or deps (--deps-only)
LAUNCHER_PID="" REPLAYER_PID="" QUERY_API_PID="" OPERATOR_TOKEN=""

log() { printf '[run.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*" && exit 1; }
show_tail() { [[ ! -f $2 ]] || { echo "----- last 40 lines of $1 ($2) -----" && tail -n 40 "$2"; } >&2; }
is_alive() { [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; }
# In its own session, so that a Ctrl-C in the terminal reaches only this script, which then stops
# everything in order (services first, then Redis and Kafka).
spawn() { if command -v setsid >/dev/null; then setsid "$@" & else "$@" & fi; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_status() { # port path: the HTTP status code, or nothing if there is no answer
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1"
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
    read -r -t 5 _ code _ <&3
    echo "$code"
  ) 2>/dev/null || true
}

stop_process() { # name pid grace-seconds: SIGTERM, then SIGKILL after the grace
  local deadline=$((SECONDS + $3))
  is_alive "$2" || return 0
  log "stopping $1 (pid $2)" && kill -TERM "$2" 2>/dev/null
  while is_alive "$2" && ((SECONDS < deadline)); do sleep 0.2; done
  ! is_alive "$2" || { log "$1 did not stop within $3 s, killing it" && kill -KILL "$2" 2>/dev/null; }
  wait "$2" 2>/dev/null || true
}

# Runs once, on any exit. Services first, so they log no errors about a Redis or Kafka gone under
# them; the launcher stops Redis and Kafka itself. SIGPIPE ignored: a Ctrl-C on `./run.sh | tee`
# kills tee first, and a log line must not kill this script before it has stopped everything.
cleanup() {
  local status=$?
  trap - EXIT HUP INT TERM
  trap '' PIPE
  set +e
  stop_process query-api "$QUERY_API_PID" 20
  stop_process replayer "$REPLAYER_PID" 20
  stop_process "Redis/Kafka launcher" "$LAUNCHER_PID" 45
  exit "$status"
}

check_alive() { # name pid logfile: fails fast, with the log's tail, when the process has exited
  is_alive "$2" || { show_tail "$1" "$3" && die "$1 exited"; }
}

build_if_needed() { # rebuild(true|false)
  local needed=("$LAUNCHER_CP") missing=$1 file modules=()
  [[ -n ${GPSREPLAY_KAFKA_LIBS:-} ]] || needed+=("$ROOT/kafka-broker/target/kafka-libs")
  if [[ $MODE == deps ]]; then modules=(-pl test-support -am); else needed+=("$REPLAYER_JAR" "$QUERY_API_JAR"); fi
  for file in "${needed[@]}"; do [[ -e $file ]] || missing=true; done
  [[ $missing == true ]] || return 0
  log "building with Maven (the first run takes a few minutes)"
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests "${modules[@]+"${modules[@]}"}")
  for file in "${needed[@]}"; do [[ -e $file ]] || die "the build did not produce $file"; done
}

# Starts test-support's Launcher (redis and/or kafka), waits for its env file and reads it: it sets
# QUARKUS_REDIS_HOSTS and KAFKA_BOOTSTRAP_SERVERS. The launcher watches this script and ends with it.
start_deps() {
  local env_file="$RUN_DIR/deps.env" timeout=$((SECONDS + KAFKA_START_TIMEOUT + 60))
  log "starting $* (log $RUN_DIR/launcher.log)"
  spawn java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dgpsreplay.kafka.start-timeout-seconds="$KAFKA_START_TIMEOUT" \
    -cp "$ROOT/test-support/target/classes:$(<"$LAUNCHER_CP")" dev.gpsreplay.testsupport.Launcher \
    "$@" --env-file "$env_file" --watch-pid $$ >"$RUN_DIR/launcher.log" 2>&1
  LAUNCHER_PID=$!
  until [[ -f $env_file ]]; do
    check_alive "Redis/Kafka launcher" "$LAUNCHER_PID" "$RUN_DIR/launcher.log"
    ((SECONDS < timeout)) || die "Redis/Kafka not up in time; see $RUN_DIR/launcher.log"
    sleep 0.3
  done
  # shellcheck source=/dev/null
  . "$env_file"
}

operator_token_setup() {
  # The replayer's changing endpoints need an operator JWT: make a key pair once (kept across runs),
  # give both services its public key and print a token ready to paste.
  local key_dir="${GPSREPLAY_KEY_DIR:-$HOME/.config/gps-replay/keys}"
  export MP_JWT_VERIFY_ISSUER="${MP_JWT_VERIFY_ISSUER:-gps-replay}"
  OPERATOR_TOKEN="$(bash "$ROOT/scripts/operator-token.sh" -i "$MP_JWT_VERIFY_ISSUER" "$key_dir")" \
    || die "scripts/operator-token.sh failed"
  export MP_JWT_VERIFY_PUBLICKEY_LOCATION="${MP_JWT_VERIFY_PUBLICKEY_LOCATION:-$key_dir/publicKey.pem}"
}

start_services() {
  local replayer_env=(REPLAY_SINK=redis) query_api_env=(QUERY_INGEST=none)
  if [[ $MODE == event-driven ]]; then
    replayer_env=(REPLAY_SINK=kafka KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP_SERVERS")
    query_api_env=(QUERY_INGEST=kafka KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP_SERVERS")
  fi
  # Readable logs for a person at a terminal (images log JSON). Traces go to an OTLP collector only
  # when one is named; without one, exporting would only log connection errors.
  local common_env=(QUARKUS_REDIS_HOSTS="$QUARKUS_REDIS_HOSTS" QUARKUS_MANAGEMENT_HOST=127.0.0.1
    QUARKUS_LOG_CONSOLE_JSON_ENABLED="${QUARKUS_LOG_CONSOLE_JSON_ENABLED:-false}")
  if [[ -n ${QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT:-} ]]; then
    common_env+=(QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT="$QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")
  else
    common_env+=(QUARKUS_OTEL_SDK_DISABLED="${QUARKUS_OTEL_SDK_DISABLED:-true}")
  fi
  log "starting replayer on port $REPLAYER_PORT (tracks: $REPLAY_SOURCE, speed $REPLAY_SPEED, loop $REPLAY_LOOP)"
  spawn env REPLAY_SOURCE="$REPLAY_SOURCE" REPLAY_SPEED="$REPLAY_SPEED" REPLAY_LOOP="$REPLAY_LOOP" \
    QUARKUS_HTTP_PORT="$REPLAYER_PORT" QUARKUS_MANAGEMENT_PORT="$REPLAYER_MANAGEMENT_PORT" \
    "${replayer_env[@]}" "${common_env[@]}" \
    java -jar "$REPLAYER_JAR" >"$RUN_DIR/replayer.log" 2>&1
  REPLAYER_PID=$!
  log "starting query-api on port $QUERY_API_PORT"
  spawn env QUARKUS_HTTP_PORT="$QUERY_API_PORT" QUARKUS_MANAGEMENT_PORT="$QUERY_API_MANAGEMENT_PORT" \
    "${query_api_env[@]}" "${common_env[@]}" \
    java -jar "$QUERY_API_JAR" >"$RUN_DIR/query-api.log" 2>&1
  QUERY_API_PID=$!
}

wait_until_ready() {
  local timeout=$((SECONDS + READY_TIMEOUT)) replayer=false query_api=false
  log "waiting up to $READY_TIMEOUT s for both services to be ready"
  until [[ $replayer == true && $query_api == true ]]; do
    check_alive replayer "$REPLAYER_PID" "$RUN_DIR/replayer.log"
    check_alive query-api "$QUERY_API_PID" "$RUN_DIR/query-api.log"
    [[ $(http_status "$REPLAYER_MANAGEMENT_PORT" /q/health/ready) != 200 ]] || replayer=true
    [[ $(http_status "$QUERY_API_MANAGEMENT_PORT" /q/health/ready) != 200 ]] || query_api=true
    if ((SECONDS >= timeout)); then
      [[ $replayer == true ]] || show_tail replayer "$RUN_DIR/replayer.log"
      [[ $query_api == true ]] || show_tail query-api "$RUN_DIR/query-api.log"
      die "not ready after $READY_TIMEOUT s (replayer ready: $replayer, query-api ready: $query_api)"
    fi
    sleep 1
  done
}

print_urls() {
  local q="http://localhost:$QUERY_API_PORT" r="http://localhost:$REPLAYER_PORT"
  local qm="http://127.0.0.1:$QUERY_API_MANAGEMENT_PORT" rm="http://127.0.0.1:$REPLAYER_MANAGEMENT_PORT"
  printf '\nGPS Replay (%s variant) is running. Ctrl-C stops it.\n\n' "${MODE/rest/REST}"
  printf '  %-22s %s\n' Dashboard "$q/" "query-api Swagger UI" "$q/q/swagger-ui" "Live state" "$q/gps_state" \
    Vehicles "$q/vehicles" "replayer Swagger UI" "$r/q/swagger-ui" Replays "$r/replays" \
    Readiness "$qm/q/health/ready $rm/q/health/ready" Metrics "$qm/q/metrics $rm/q/metrics" \
    Redis "$QUARKUS_REDIS_HOSTS"
  [[ $MODE != event-driven ]] || printf '  %-22s %s\n' Kafka "$KAFKA_BOOTSTRAP_SERVERS (topic gps-fixes)"
  [[ -z $OPERATOR_TOKEN ]] || printf '  %-22s %s\n' "Operator token" "$OPERATOR_TOKEN"
  printf '  %-22s %s\n\n' Logs "$RUN_DIR/*.log"
}

print_deps() {
  cat <<EOF

Redis and Kafka are running; Ctrl-C stops them. For the services in dev mode, in other terminals:

  export QUARKUS_REDIS_HOSTS=$QUARKUS_REDIS_HOSTS KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS
  QUERY_INGEST=kafka ./mvnw -pl query-api -am quarkus:dev    # Dev UI: http://localhost:8080/q/dev-ui
  REPLAY_SINK=kafka REPLAY_SOURCE=$ROOT/data ./mvnw -pl replayer -am quarkus:dev -Ddebug=false

EOF
}

main() {
  local rebuild=false source_arg="" port deps=()
  while (($# > 0)); do
    case "$1" in
      --rest) MODE=rest ;;
      --deps-only) MODE=deps ;;
      --rebuild) rebuild=true ;;
      -h | --help)
        sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
      -*) die "unknown option $1 (see --help)" ;;
      *)
        [[ -z $source_arg ]] || die "only one TRACKS argument is allowed"
        source_arg=$1
        ;;
    esac
    shift
  done
  command -v java >/dev/null || die "java (17 or newer) is needed on the PATH"
  if [[ $MODE != deps ]]; then
    REPLAY_SOURCE="${source_arg:-${REPLAY_SOURCE:-$ROOT/data}}"
    [[ $REPLAY_SOURCE == /* ]] || REPLAY_SOURCE="$PWD/$REPLAY_SOURCE" # the services run elsewhere
    [[ -e $REPLAY_SOURCE ]] || die "no tracks at $REPLAY_SOURCE"
    # Fail now with a clear message rather than after a build with a bind error in a log.
    for port in "$REPLAYER_PORT" "$QUERY_API_PORT" "$REPLAYER_MANAGEMENT_PORT" "$QUERY_API_MANAGEMENT_PORT"; do
      ! port_in_use "$port" || die "port $port is in use (another run?); set REPLAYER_PORT / QUERY_API_PORT" \
        "/ REPLAYER_MANAGEMENT_PORT / QUERY_API_MANAGEMENT_PORT"
    done
  fi
  build_if_needed "$rebuild"

  mkdir -p "$RUN_DIR"
  trap cleanup EXIT
  trap 'exit 129' HUP # exit through the EXIT trap with the conventional 128+signal status
  trap 'exit 130' INT
  trap 'exit 143' TERM
  [[ -n ${QUARKUS_REDIS_HOSTS:-} ]] || deps+=(redis)
  [[ $MODE == rest || -n ${KAFKA_BOOTSTRAP_SERVERS:-} ]] || deps+=(kafka)
  ((${#deps[@]} == 0)) || start_deps "${deps[@]}"
  log "Redis at $QUARKUS_REDIS_HOSTS${KAFKA_BOOTSTRAP_SERVERS:+, Kafka at $KAFKA_BOOTSTRAP_SERVERS}"

  if [[ $MODE == deps ]]; then
    print_deps
  else
    operator_token_setup
    start_services
    wait_until_ready
    print_urls
  fi
  # Foreground until Ctrl-C/TERM (the traps), or until something this script started dies.
  while true; do
    [[ -z $REPLAYER_PID ]] || check_alive replayer "$REPLAYER_PID" "$RUN_DIR/replayer.log"
    [[ -z $QUERY_API_PID ]] || check_alive query-api "$QUERY_API_PID" "$RUN_DIR/query-api.log"
    [[ -z $LAUNCHER_PID ]] || check_alive "Redis/Kafka launcher" "$LAUNCHER_PID" "$RUN_DIR/launcher.log"
    sleep 1
  done
}

# Sourcing (for tests of single functions) defines the functions without running anything.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
