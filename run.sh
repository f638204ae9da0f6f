#!/usr/bin/env bash
# Runs GPS Replay on this machine, without Docker, in the foreground; Ctrl-C stops all it started.
#   (default)    event-driven: Redis + Kafka (KRaft, one node) + the replayer (:8081), publishing
#                each fix to the topic gps-fixes, + the query-api (:8080), which consumes it (group
#                query-api) and writes the Redis view.
#   --rest       REST variant: Redis + the replayer, writing the view into Redis, + the query-api.
#   --deps-only  Redis and Kafka only, for the services in dev mode: prints what to export.
#   --rebuild    build with Maven even if the jars exist
#   TRACKS       a track file or folder to replay (default: $REPLAY_SOURCE, else ./data)
# test-support's Launcher starts Redis and Kafka (private, on free loopback ports, unless
# QUARKUS_REDIS_HOSTS / KAFKA_BOOTSTRAP_SERVERS name running ones), then the services, waits until
# they are ready and stops all of them, the services first; this script builds and prints the URLs.
#
# Usage: ./run.sh [--rest | --deps-only] [--rebuild] [TRACKS]
# Environment (all optional): REPLAY_SOURCE, REPLAY_SPEED (1), REPLAY_LOOP (true); REPLAYER_PORT
# (8081), QUERY_API_PORT (8080), REPLAYER_MANAGEMENT_PORT (9001), QUERY_API_MANAGEMENT_PORT (9000:
# health and metrics, on loopback); QUARKUS_REDIS_HOSTS, KAFKA_BOOTSTRAP_SERVERS (use these, start
# none); GPSREPLAY_REDIS_SERVER (default: the PATH's redis-server); GPSREPLAY_KAFKA_LIBS (default:
# kafka-broker/target/kafka-libs); READY_TIMEOUT (90 s, for the services to be ready);
# QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT (export traces there, e.g. Jaeger's http://localhost:4317).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="$ROOT/target/run/$$" # one per run: two runs from one checkout never share files
REPLAYER_JAR="$ROOT/replayer/target/quarkus-app/quarkus-run.jar"
QUERY_API_JAR="$ROOT/query-api/target/quarkus-app/quarkus-run.jar"
LAUNCHER_CP="$ROOT/test-support/target/launcher.classpath" # written by test-support's build
KAFKA_LIBS="${GPSREPLAY_KAFKA_LIBS:-$ROOT/kafka-broker/target/kafka-libs}" # named to the launcher: any cwd works
REPLAYER_PORT="${REPLAYER_PORT:-8081}" QUERY_API_PORT="${QUERY_API_PORT:-8080}"
REPLAYER_MANAGEMENT_PORT="${REPLAYER_MANAGEMENT_PORT:-9001}" QUERY_API_MANAGEMENT_PORT="${QUERY_API_MANAGEMENT_PORT:-9000}"
REPLAY_SPEED="${REPLAY_SPEED:-1}"
REPLAY_LOOP="${REPLAY_LOOP:-true}" # a demo should not go quiet after one pass
MODE=event-driven # or rest (--rest) or deps (--deps-only)
LAUNCHER_PID="" OPERATOR_TOKEN="" SERVICES=()

log() { printf '[run.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*" && exit 1; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Runs once, on any exit: the launcher stops the services, then Redis and Kafka. SIGPIPE ignored: a
# Ctrl-C on `./run.sh | tee` kills tee first, and a log line must not end this script too early.
cleanup() {
  local status=$?
  trap - EXIT HUP INT TERM
  trap '' PIPE
  if [[ -n $LAUNCHER_PID ]] && kill -TERM "$LAUNCHER_PID" 2>/dev/null; then
    log "stopping everything (launcher pid $LAUNCHER_PID)"
    wait "$LAUNCHER_PID" 2>/dev/null || true
  fi
  exit "$status"
}

build_if_needed() { # rebuild(true|false)
  local needed=("$LAUNCHER_CP") missing=$1 file modules=()
  [[ -n ${GPSREPLAY_KAFKA_LIBS:-} ]] || needed+=("$KAFKA_LIBS") # a folder the user named is not built here
  if [[ $MODE == deps ]]; then modules=(-pl test-support -am); else needed+=("$REPLAYER_JAR" "$QUERY_API_JAR"); fi
  for file in "${needed[@]}"; do [[ -e $file ]] || missing=true; done
  [[ $missing == true ]] || return 0
  log "building with Maven (the first run takes a few minutes)"
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests "${modules[@]+"${modules[@]}"}")
  for file in "${needed[@]}"; do [[ -e $file ]] || die "the build did not produce $file"; done
}

# The replayer's changing endpoints need an operator JWT: make a key pair once (kept across runs),
# give both services its public key and print a token ready to paste. Then the services as the
# launcher takes them (--service NAME READY_URL JAR NAME=VALUE...); each also gets this script's
# environment and the addresses of the Redis and Kafka that the launcher starts.
services_setup() {
  local key_dir="${GPSREPLAY_KEY_DIR:-$HOME/.config/gps-replay/keys}" sink=redis ingest=none
  export MP_JWT_VERIFY_ISSUER="${MP_JWT_VERIFY_ISSUER:-gps-replay}"
  export MP_JWT_VERIFY_PUBLICKEY_LOCATION="${MP_JWT_VERIFY_PUBLICKEY_LOCATION:-$key_dir/publicKey.pem}"
  OPERATOR_TOKEN="$(bash "$ROOT/scripts/operator-token.sh" -i "$MP_JWT_VERIFY_ISSUER" "$key_dir")" \
    || die "scripts/operator-token.sh failed"
  [[ $MODE != event-driven ]] || sink=kafka ingest=kafka
  # Readable logs for a person at a terminal (images log JSON). Traces go to an OTLP collector only
  # when one is named; without one, exporting would only log connection errors.
  local common=(QUARKUS_MANAGEMENT_HOST=127.0.0.1
    QUARKUS_LOG_CONSOLE_JSON_ENABLED="${QUARKUS_LOG_CONSOLE_JSON_ENABLED:-false}")
  [[ -n ${QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT:-} ]] \
    || common+=(QUARKUS_OTEL_SDK_DISABLED="${QUARKUS_OTEL_SDK_DISABLED:-true}")
  SERVICES=(--service replayer "http://127.0.0.1:$REPLAYER_MANAGEMENT_PORT/q/health/ready" "$REPLAYER_JAR"
    "${common[@]}" REPLAY_SINK="$sink" REPLAY_SOURCE="$REPLAY_SOURCE" REPLAY_SPEED="$REPLAY_SPEED"
    REPLAY_LOOP="$REPLAY_LOOP" QUARKUS_HTTP_PORT="$REPLAYER_PORT" QUARKUS_MANAGEMENT_PORT="$REPLAYER_MANAGEMENT_PORT"
    --service query-api "http://127.0.0.1:$QUERY_API_MANAGEMENT_PORT/q/health/ready" "$QUERY_API_JAR"
    "${common[@]}" QUERY_INGEST="$ingest" QUARKUS_HTTP_PORT="$QUERY_API_PORT"
    QUARKUS_MANAGEMENT_PORT="$QUERY_API_MANAGEMENT_PORT")
  log "replaying $REPLAY_SOURCE at speed $REPLAY_SPEED (loop: $REPLAY_LOOP)"
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
  printf '  %-22s %s\n' "Operator token" "$OPERATOR_TOKEN" Logs "$RUN_DIR/*.log"
  echo
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
  local rebuild=false source_arg="" port deps=() env_file="$RUN_DIR/ready.env" launcher_log="$RUN_DIR/launcher.log"
  while (($# > 0)); do
    case "$1" in
      --rest) MODE=rest ;;
      --deps-only) MODE=deps ;;
      --rebuild) rebuild=true ;;
      -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' && exit 0 ;;
      -*) die "unknown option $1 (see --help)" ;;
      *) [[ -z $source_arg ]] || die "only one TRACKS argument is allowed" && source_arg=$1 ;;
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
  [[ -n ${QUARKUS_REDIS_HOSTS:-} ]] || deps+=(redis)
  [[ $MODE == rest || -n ${KAFKA_BOOTSTRAP_SERVERS:-} ]] || deps+=(kafka)
  [[ $MODE == deps ]] || services_setup

  mkdir -p "$RUN_DIR"
  trap cleanup EXIT
  # Exit through the EXIT trap with the conventional 128+signal status.
  trap 'exit 129' HUP && trap 'exit 130' INT && trap 'exit 143' TERM
  log "starting ${deps[*]:-}${SERVICES[*]:+ replayer query-api} (log $launcher_log)"
  # In a session of its own, so that a Ctrl-C in the terminal reaches only this script, which then has
  # the launcher stop everything in order (the services first).
  local launch=(java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
    -Dgpsreplay.kafka.libs="$KAFKA_LIBS"
    -cp "$ROOT/test-support/target/classes:$(<"$LAUNCHER_CP")" dev.gpsreplay.testsupport.Launcher
    "${deps[@]+"${deps[@]}"}" "${SERVICES[@]+"${SERVICES[@]}"}" --log-dir "$RUN_DIR"
    --ready-timeout "${READY_TIMEOUT:-90}" --env-file "$env_file" --watch-pid $$)
  command -v setsid >/dev/null && launch=(setsid "${launch[@]}")
  "${launch[@]}" >"$launcher_log" 2>&1 &
  LAUNCHER_PID=$!
  until [[ -f $env_file ]]; do
    kill -0 "$LAUNCHER_PID" 2>/dev/null || { tail -n 60 "$launcher_log" >&2 && die "could not start (above)"; }
    sleep 0.3
  done
  # shellcheck source=/dev/null
  . "$env_file"
  if [[ $MODE == deps ]]; then print_deps; else print_urls; fi
  # In the foreground until Ctrl-C/TERM (the traps), or until the launcher ends because something died.
  wait "$LAUNCHER_PID" || true
  LAUNCHER_PID=""
  tail -n 20 "$launcher_log" >&2
  die "stopped: a process exited (above; logs in $RUN_DIR)"
}

main "$@"
