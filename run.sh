#!/usr/bin/env bash
# Runs GPS Replay on this machine, without Docker. Stays in the foreground; Ctrl-C stops
# everything it started. Two variants:
#   event-driven (the default): a private Redis + a private Kafka broker (KRaft, one node) +
#       the replayer (port 8081), which publishes each fix to the topic gps-fixes, + the
#       query-api (port 8080), which consumes it (group query-api) and writes the Redis view.
#   REST (--rest): a private Redis + the replayer, which writes the view into Redis, + the
#       query-api, which reads it.
#
# Usage: ./run.sh [--rest] [--rebuild] [TRACKS]
#   --rest      the REST variant: no Kafka
#   --rebuild   build with Maven even if the service jars exist
#   TRACKS      file or directory of tracks to replay (default: $REPLAY_SOURCE, else ./data)
#
# Environment (all optional):
#   REPLAY_SOURCE, REPLAY_SPEED (1), REPLAY_LOOP (true)   replayer settings
#   REPLAYER_PORT (8081), QUERY_API_PORT (8080)            HTTP ports
#   QUARKUS_REDIS_HOSTS     use this Redis (e.g. redis://127.0.0.1:6379) and start none
#   GPSREPLAY_REDIS_SERVER  redis-server binary to run (default: from PATH, else the one
#                           bundled in the embedded-redis jar)
#   KAFKA_BOOTSTRAP_SERVERS use this Kafka (e.g. 127.0.0.1:9092) and start none
#   GPSREPLAY_KAFKA_LIBS    folder of the Kafka broker's jars (default: kafka-broker/target/kafka-libs,
#                           built when missing)
#   KAFKA_START_TIMEOUT (120)  seconds to wait for the private Kafka broker to start
#   READY_TIMEOUT (90)      seconds to wait for the services to be ready
#   QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT  send traces there (e.g. http://localhost:4317, a Jaeger);
#                           unset: tracing export is off
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="$ROOT/target/run"
REPLAYER_JAR="$ROOT/replayer/target/quarkus-app/quarkus-run.jar"
QUERY_API_JAR="$ROOT/query-api/target/quarkus-app/quarkus-run.jar"
# Keep in sync with <embedded-redis.version> in pom.xml: the binary names in
# embedded_redis_entry are that jar's.
EMBEDDED_REDIS_VERSION=1.4.3

REPLAYER_PORT="${REPLAYER_PORT:-8081}"
QUERY_API_PORT="${QUERY_API_PORT:-8080}"
REPLAY_SPEED="${REPLAY_SPEED:-1}"
REPLAY_LOOP="${REPLAY_LOOP:-true}"     # a demo should not go quiet after one pass
READY_TIMEOUT="${READY_TIMEOUT:-90}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
KAFKA_LIBS="${GPSREPLAY_KAFKA_LIBS:-$ROOT/kafka-broker/target/kafka-libs}"
# The tests' broker JVM options (KafkaBroker.DEFAULT_JVM_OPTIONS): a small heap, serial GC and C1
# only, for the fastest start and the least CPU on a 2-core machine.
KAFKA_JVM_OPTIONS=(-Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError
  -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.showDateTime=true
  -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS)
LOG_TAIL_LINES=40

VARIANT=event-driven # or rest (--rest)

# PIDs of what this script started; cleanup stops exactly these.
REDIS_PID=""
KAFKA_PID=""
REPLAYER_PID=""
QUERY_API_PID=""

REDIS_BIN=""   # set by resolve_redis_server
REDIS_PORT=""  # set by start_redis
REDIS_HOSTS="" # what the services connect to
KAFKA_PORT=""            # set by start_kafka
KAFKA_CONTROLLER_PORT="" # set by start_kafka
KAFKA_BOOTSTRAP=""       # what the services connect to (event-driven variant)

log() { printf '[run.sh] %s\n' "$*" >&2; }

die() {
  log "ERROR: $*"
  exit 1
}

show_tail() { # name logfile
  [[ -f $2 ]] || return 0
  printf '%s\n' "----- last $LOG_TAIL_LINES lines of $1 log ($2) -----" >&2
  tail -n "$LOG_TAIL_LINES" "$2" >&2 || true
  printf '%s\n' "-----" >&2
}

is_alive() { [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; }

# Starts a command in the background (pid in $!) in its own session, so that a Ctrl-C in the
# terminal reaches only this script, which then stops everything in order. Without it
# redis-server, which handles SIGINT itself, would quit first, under the running services.
spawn() {
  if command -v setsid >/dev/null; then
    setsid "$@" &
  else
    "$@" &
  fi
}

# Something accepts connections on 127.0.0.1:port. Bash's /dev/tcp: no nc, curl or python needed.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free port, picked at random below Linux's ephemeral range (32768+) so it does not collide
# with outgoing connections. Another process can still take it before we bind: callers retry.
free_port() {
  local port _
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 12000))
    if ! port_in_use "$port"; then
      echo "$port"
      return 0
    fi
  done
  die "no free port found on 127.0.0.1"
}

# Redis answers PING (inline command, so a raw socket is enough).
redis_ping() { # port
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1"
    printf 'PING\r\n' >&3
    read -r -t 2 reply <&3
    [[ $reply == "+PONG"* ]]
  ) 2>/dev/null
}

# Prints the HTTP status code of GET http://127.0.0.1:port/path, or nothing if there is no answer.
http_status() { # port path
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1"
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
    read -r -t 5 _ code _ <&3
    echo "$code"
  ) 2>/dev/null || true
}

# SIGTERM, so the process shuts down cleanly; SIGKILL if it has not exited after 20 s.
stop_process() { # name pid
  local name=$1 pid=$2 _
  is_alive "$pid" || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    is_alive "$pid" || break
    sleep 0.2
  done
  if is_alive "$pid"; then
    log "$name did not stop within 20 s, killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# Runs once, on any exit (Ctrl-C, TERM, HUP, an error or a service dying): services first, so they do
# not log errors about a Kafka or Redis that vanished under them, then Kafka, then Redis.
cleanup() {
  local status=$?
  trap - EXIT HUP INT TERM
  # Stop everything even when what reads our output is gone: a Ctrl-C on `./run.sh | tee run.log`
  # kills tee first, and a write to its pipe would kill this script with SIGPIPE, orphaning the
  # services. Such log lines are dropped instead.
  trap '' PIPE
  set +e
  stop_process query-api "$QUERY_API_PID"
  stop_process replayer "$REPLAYER_PID"
  stop_process kafka "$KAFKA_PID"
  stop_process redis-server "$REDIS_PID"
  exit "$status"
}

# ---- 1. Build what is missing ------------------------------------------------------------

# The folder holds the Kafka broker's jars (KafkaBroker checks the same).
has_kafka_libs() { compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; }

build_if_needed() { # rebuild(true|false) needs_kafka_libs(true|false)
  if [[ $1 == true || ! -f $REPLAYER_JAR || ! -f $QUERY_API_JAR ]]; then
    # The whole reactor, kafka-broker's jars included.
    log "building with Maven (first run takes a few minutes)"
    (cd "$ROOT" && ./mvnw -B -q install -DskipTests)
  fi
  [[ -f $REPLAYER_JAR && -f $QUERY_API_JAR ]] || die "the build did not produce $REPLAYER_JAR and $QUERY_API_JAR"
  [[ $2 == true ]] || return 0
  if ! has_kafka_libs; then
    [[ -z ${GPSREPLAY_KAFKA_LIBS:-} ]] || die "GPSREPLAY_KAFKA_LIBS=$GPSREPLAY_KAFKA_LIBS holds no kafka_2.13-*.jar"
    log "building the Kafka broker's jars (kafka-broker)"
    (cd "$ROOT" && ./mvnw -B -q -f kafka-broker/pom.xml package)
  fi
  has_kafka_libs || die "the build did not produce the Kafka broker's jars in $KAFKA_LIBS"
}

# ---- 2. Redis ----------------------------------------------------------------------------

# The redis-server binary in embedded-redis' jar for this OS and CPU.
embedded_redis_entry() {
  case "$(uname -s)/$(uname -m)" in
    Linux/x86_64) echo redis-server-6.2.6-v5-linux-amd64 ;;
    Linux/aarch64 | Linux/arm64) echo redis-server-6.2.7-linux-arm64 ;;
    Linux/i?86) echo redis-server-6.2.7-linux-386 ;;
    Darwin/x86_64) echo redis-server-6.2.6-v5-darwin-amd64 ;;
    Darwin/arm64) echo redis-server-6.2.6-v5-darwin-arm64 ;;
    *) die "no redis-server on the PATH and embedded-redis bundles none for $(uname -s)/$(uname -m); install redis-server" ;;
  esac
}

# Sets REDIS_BIN. Same choice as the tests' RedisServer: the override, else redis-server from
# the PATH, else the binary bundled in the embedded-redis jar (fetched through Maven, which
# also works on a machine whose local repository does not have it yet).
resolve_redis_server() {
  if [[ -n ${GPSREPLAY_REDIS_SERVER:-} ]]; then
    [[ -x $GPSREPLAY_REDIS_SERVER ]] || die "GPSREPLAY_REDIS_SERVER=$GPSREPLAY_REDIS_SERVER is not executable"
    REDIS_BIN=$GPSREPLAY_REDIS_SERVER
  elif command -v redis-server >/dev/null; then
    REDIS_BIN="$(command -v redis-server)"
  else
    local dir="$RUN_DIR/embedded-redis" entry jar
    entry="$(embedded_redis_entry)"
    jar="$dir/embedded-redis-$EMBEDDED_REDIS_VERSION.jar"
    REDIS_BIN="$dir/$entry"
    [[ ! -x $REDIS_BIN ]] || return 0 # extracted by an earlier run
    log "no redis-server on the PATH: using the one bundled in embedded-redis $EMBEDDED_REDIS_VERSION"
    if [[ ! -f $jar ]]; then
      # -N: the goal needs no project; without it Maven would run it once per module.
      (cd "$ROOT" && ./mvnw -B -q -N dependency:copy \
        -Dartifact="com.github.codemonstur:embedded-redis:$EMBEDDED_REDIS_VERSION" -DoutputDirectory="$dir")
    fi
    command -v unzip >/dev/null || die "unzip is needed to extract redis-server from $jar"
    unzip -o -q "$jar" "$entry" -d "$dir"
    chmod 755 "$REDIS_BIN" # unzip keeps the zip entry's mode, which is world-writable
  fi
}

# Starts a private redis-server on a free loopback port, with no persistence; sets REDIS_PORT.
start_redis() {
  local data="$RUN_DIR/redis-data" conf="$RUN_DIR/redis.conf" redis_log="$RUN_DIR/redis.log" attempt _
  resolve_redis_server
  # A config file rather than arguments: `--save ""` is parsed differently across Redis versions.
  rm -rf "$data"
  mkdir -p "$data"
  for attempt in 1 2 3 4 5; do
    REDIS_PORT="$(free_port)"
    cat >"$conf" <<EOF
port $REDIS_PORT
bind 127.0.0.1
save ""
appendonly no
daemonize no
dir "$data"
logfile "$redis_log"
EOF
    : >"$redis_log"
    # stdout/stderr too: redis reports config errors there, before it opens its log file.
    spawn "$REDIS_BIN" "$conf" >"$RUN_DIR/redis.out" 2>&1
    REDIS_PID=$!
    for _ in $(seq 1 100); do # 10 s
      if redis_ping "$REDIS_PORT"; then
        log "redis-server $REDIS_BIN on 127.0.0.1:$REDIS_PORT (pid $REDIS_PID), log $redis_log"
        return 0
      fi
      is_alive "$REDIS_PID" || break
      sleep 0.1
    done
    stop_process redis-server "$REDIS_PID"
    REDIS_PID=""
    # Lost the race for the port to another process: try another one. Anything else is fatal.
    if grep -q "Address already in use" "$redis_log"; then
      log "port $REDIS_PORT was taken meanwhile (attempt $attempt), trying another"
      continue
    fi
    show_tail redis-server "$redis_log"
    show_tail "redis-server console" "$RUN_DIR/redis.out"
    die "redis-server did not start"
  done
  die "redis-server could not bind a free port"
}

# ---- 3. Kafka (event-driven variant) -----------------------------------------------------

# A KRaft cluster id: 16 random bytes in URL-safe base64 without padding, never starting with '-'
# (the storage tool would take it for an option).
new_cluster_id() {
  local id
  while true; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    if [[ $id != -* ]]; then
      echo "$id"
      return 0
    fi
  done
}

# server.properties of a one-node KRaft broker on loopback: the keys and values of the tests' broker
# (dev.gpsreplay.testsupport.kafka.KafkaBroker#writeConfig). Keep the two in step.
write_kafka_config() { # file data_dir
  cat >"$1" <<EOF
# Written by run.sh, with the settings of dev.gpsreplay.testsupport.kafka.KafkaBroker
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$2
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1
default.replication.factor=1
min.insync.replicas=1
num.partitions=1
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=8388608
broker.session.timeout.ms=3000
broker.heartbeat.interval.ms=500
num.network.threads=2
num.io.threads=2
background.threads=2
num.recovery.threads.per.data.dir=1
EOF
}

# Formats the data directory, as kafka-storage.sh format does; bounded by KAFKA_START_TIMEOUT.
format_kafka_storage() { # config format_log
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT)) status=0
  spawn java "${KAFKA_JVM_OPTIONS[@]}" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format \
    --cluster-id "$(new_cluster_id)" --config "$1" >"$2" 2>&1
  KAFKA_PID=$! # so that a Ctrl-C meanwhile stops it too
  while is_alive "$KAFKA_PID"; do
    if ((SECONDS >= deadline)); then
      stop_process "kafka storage format" "$KAFKA_PID"
      show_tail "kafka storage format" "$2"
      die "formatting the Kafka data directory took longer than $KAFKA_START_TIMEOUT s"
    fi
    sleep 0.2
  done
  wait "$KAFKA_PID" 2>/dev/null || status=$?
  KAFKA_PID=""
  if ((status != 0)); then
    show_tail "kafka storage format" "$2"
    die "formatting the Kafka data directory failed (status $status)"
  fi
}

# Started: the client port accepts connections and the log says the server started. Fails when the
# broker exits or KAFKA_START_TIMEOUT runs out.
await_kafka() { # log
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while is_alive "$KAFKA_PID" && ((SECONDS < deadline)); do
    if port_in_use "$KAFKA_PORT" && grep -q "Kafka Server started" "$1"; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}

# Starts a private one-node KRaft broker from kafka-broker's jars on two free loopback ports, with
# a fresh data directory; sets KAFKA_PORT. The tests' KafkaBroker recipe: write server.properties,
# format the storage (StorageTool), run kafka.Kafka, wait.
start_kafka() {
  local dir="$RUN_DIR/kafka" kafka_log="$RUN_DIR/kafka.log" attempt reason
  for attempt in 1 2 3; do
    rm -rf "$dir"
    mkdir -p "$dir/data"
    KAFKA_PORT="$(free_port)"
    KAFKA_CONTROLLER_PORT="$(free_port)"
    while [[ $KAFKA_CONTROLLER_PORT == "$KAFKA_PORT" || $KAFKA_CONTROLLER_PORT == "$REDIS_PORT" ]]; do
      KAFKA_CONTROLLER_PORT="$(free_port)"
    done
    write_kafka_config "$dir/server.properties" "$dir/data"
    format_kafka_storage "$dir/server.properties" "$RUN_DIR/kafka-format.log"
    : >"$kafka_log"
    spawn java "${KAFKA_JVM_OPTIONS[@]}" -cp "$KAFKA_LIBS/*" kafka.Kafka "$dir/server.properties" >>"$kafka_log" 2>&1
    KAFKA_PID=$!
    if await_kafka "$kafka_log"; then
      log "Kafka broker on 127.0.0.1:$KAFKA_PORT (pid $KAFKA_PID), log $kafka_log"
      return 0
    fi
    reason="exited"
    if is_alive "$KAFKA_PID"; then
      reason="did not start within $KAFKA_START_TIMEOUT s"
    fi
    stop_process kafka "$KAFKA_PID"
    KAFKA_PID=""
    # Lost the race for a port to another process: try others. Anything else is fatal.
    if grep -q "Address already in use" "$kafka_log"; then
      log "port $KAFKA_PORT or $KAFKA_CONTROLLER_PORT was taken meanwhile (attempt $attempt), trying others"
      continue
    fi
    show_tail kafka "$kafka_log"
    die "the Kafka broker $reason"
  done
  die "the Kafka broker could not bind free ports"
}

# ---- 4. The services ---------------------------------------------------------------------

start_services() {
  local replayer_env=(REPLAY_SINK=redis QUARKUS_REDIS_HOSTS="$REDIS_HOSTS")
  local query_api_env=(QUERY_INGEST=none QUARKUS_REDIS_HOSTS="$REDIS_HOSTS")
  if [[ $VARIANT == event-driven ]]; then
    replayer_env=(REPLAY_SINK=kafka KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP")
    query_api_env=(QUERY_INGEST=kafka KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP" QUARKUS_REDIS_HOSTS="$REDIS_HOSTS")
  fi

  # Readable logs for a person at a terminal (production images log JSON). Traces go to an OTLP
  # collector only when one is named; without one, exporting would only log connection errors.
  local common_env=(QUARKUS_LOG_CONSOLE_JSON_ENABLED="${QUARKUS_LOG_CONSOLE_JSON_ENABLED:-false}")
  if [[ -n ${QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT:-} ]]; then
    common_env+=(QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT="$QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")
  else
    common_env+=(QUARKUS_OTEL_SDK_DISABLED="${QUARKUS_OTEL_SDK_DISABLED:-true}")
  fi

  log "starting replayer on port $REPLAYER_PORT (tracks: $REPLAY_SOURCE, speed $REPLAY_SPEED, loop $REPLAY_LOOP)"
  spawn env REPLAY_SOURCE="$REPLAY_SOURCE" REPLAY_SPEED="$REPLAY_SPEED" REPLAY_LOOP="$REPLAY_LOOP" \
    QUARKUS_HTTP_PORT="$REPLAYER_PORT" "${replayer_env[@]}" "${common_env[@]}" \
    java -jar "$REPLAYER_JAR" >"$RUN_DIR/replayer.log" 2>&1
  REPLAYER_PID=$!

  log "starting query-api on port $QUERY_API_PORT"
  spawn env QUARKUS_HTTP_PORT="$QUERY_API_PORT" "${query_api_env[@]}" "${common_env[@]}" \
    java -jar "$QUERY_API_JAR" >"$RUN_DIR/query-api.log" 2>&1
  QUERY_API_PID=$!
}

# Fails fast, with the log tail, when a process this script started has exited.
check_alive() { # name pid logfile
  if ! is_alive "$2"; then
    local status=0
    wait "$2" 2>/dev/null || status=$?
    show_tail "$1" "$3"
    die "$1 exited (status $status)"
  fi
}

# ---- 5. Wait until ready -----------------------------------------------------------------

wait_until_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT)) replayer_ready=false query_api_ready=false
  log "waiting up to $READY_TIMEOUT s for both services to be ready"
  while true; do
    check_alive replayer "$REPLAYER_PID" "$RUN_DIR/replayer.log"
    check_alive query-api "$QUERY_API_PID" "$RUN_DIR/query-api.log"
    [[ $(http_status "$REPLAYER_PORT" /q/health/ready) == 200 ]] && replayer_ready=true
    [[ $(http_status "$QUERY_API_PORT" /q/health/ready) == 200 ]] && query_api_ready=true
    if [[ $replayer_ready == true && $query_api_ready == true ]]; then
      return 0
    fi
    if ((SECONDS >= deadline)); then
      [[ $replayer_ready == true ]] || show_tail replayer "$RUN_DIR/replayer.log"
      [[ $query_api_ready == true ]] || show_tail query-api "$RUN_DIR/query-api.log"
      die "not ready after $READY_TIMEOUT s (replayer ready: $replayer_ready, query-api ready: $query_api_ready)"
    fi
    sleep 1
  done
}

print_urls() {
  local q="http://localhost:$QUERY_API_PORT" r="http://localhost:$REPLAYER_PORT"
  cat <<EOF

GPS Replay (${VARIANT/rest/REST} variant) is running. Ctrl-C stops it.

  Dashboard               $q/
  query-api Swagger UI    $q/q/swagger-ui
  Live state              $q/gps_state
  Vehicles                $q/vehicles
  replayer Swagger UI     $r/q/swagger-ui
  Replays                 $r/replays
  Health                  $q/q/health   $r/q/health
  Readiness               $q/q/health/ready   $r/q/health/ready

  Redis                   $REDIS_HOSTS
EOF
  if [[ $VARIANT == event-driven ]]; then
    printf '  Kafka                   %s (topic gps-fixes, consumer group query-api)\n' "$KAFKA_BOOTSTRAP"
  fi
  printf '  Logs                    %s\n\n' "$RUN_DIR/*.log"
}

# ---- main --------------------------------------------------------------------------------

main() {
  local rebuild=false source_arg=""
  while (($# > 0)); do
    case "$1" in
      --rest) VARIANT=rest ;;
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

  REPLAY_SOURCE="${source_arg:-${REPLAY_SOURCE:-$ROOT/data}}"
  # The services run with another working directory: make the path absolute.
  [[ $REPLAY_SOURCE == /* ]] || REPLAY_SOURCE="$PWD/$REPLAY_SOURCE"
  [[ -e $REPLAY_SOURCE ]] || die "no tracks at $REPLAY_SOURCE"

  # Fail now with a clear message rather than after a build with a bind error in a log.
  local port
  for port in "$REPLAYER_PORT" "$QUERY_API_PORT"; do
    if port_in_use "$port"; then
      die "port $port is in use (another run?); set REPLAYER_PORT / QUERY_API_PORT"
    fi
  done

  local start_broker=false
  if [[ $VARIANT == event-driven && -z ${KAFKA_BOOTSTRAP_SERVERS:-} ]]; then
    start_broker=true
  fi
  build_if_needed "$rebuild" "$start_broker"

  mkdir -p "$RUN_DIR"
  trap cleanup EXIT
  # Exit through the EXIT trap with the conventional 128+signal status.
  trap 'exit 129' HUP
  trap 'exit 130' INT
  trap 'exit 143' TERM

  if [[ -n ${QUARKUS_REDIS_HOSTS:-} ]]; then
    REDIS_HOSTS=$QUARKUS_REDIS_HOSTS
    log "using Redis at $REDIS_HOSTS (QUARKUS_REDIS_HOSTS); starting none"
  else
    start_redis
    REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT"
  fi

  if [[ $VARIANT == event-driven ]]; then
    if [[ $start_broker == true ]]; then
      start_kafka
      KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
    else
      KAFKA_BOOTSTRAP=$KAFKA_BOOTSTRAP_SERVERS
      log "using Kafka at $KAFKA_BOOTSTRAP (KAFKA_BOOTSTRAP_SERVERS); starting none"
    fi
  fi

  start_services
  wait_until_ready
  print_urls

  # Foreground until Ctrl-C/TERM (the traps), or until something we started dies.
  while true; do
    check_alive replayer "$REPLAYER_PID" "$RUN_DIR/replayer.log"
    check_alive query-api "$QUERY_API_PID" "$RUN_DIR/query-api.log"
    [[ -z $KAFKA_PID ]] || check_alive kafka "$KAFKA_PID" "$RUN_DIR/kafka.log"
    [[ -z $REDIS_PID ]] || check_alive redis-server "$REDIS_PID" "$RUN_DIR/redis.log"
    sleep 1
  done
}

# Sourcing (for tests of single functions) defines the functions without running anything.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
