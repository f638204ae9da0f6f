#!/usr/bin/env bash
# GPS Replay's benchmark: one command. Builds what is missing, then runs the Java harness (bench/),
# which starts real Redis and a real KRaft Kafka broker as the tests do (test-support's RedisServer
# and KafkaBroker), runs the packaged services as processes, loads them on loopback only, bounded in
# count and time, and prints each figure beside a reference measured in the same run.
#
# Usage: bench/run.sh [all|startup|http|pipeline|ingest|pacing|freshness|scale|soak|PHASE,PHASE...] [--quick] [--duration S] [--rebuild]
#   all         every phase: startup, http, pipeline, ingest, pacing, freshness, scale, soak (the default)
#   --quick     every phase short (about 30 s each): a smoke run
#   --duration  seconds of the scale run and of the soak (default 600; 30 with --quick)
#   --rebuild   build even if the jars look current
#
# Needs: a JDK 17+, wrk, redis-benchmark and redis-server on the PATH (Debian: apt-get install wrk
# redis-tools redis-server).
# Environment: GPSREPLAY_TOKEN (sent as a bearer token on the replayer's changing calls), the BENCH_*
# settings of bench/README.md. Results: bench/results/<timestamp>.json and bench/results/latest.json.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
REPLAYER_JAR="$ROOT/replayer/target/quarkus-app/quarkus-run.jar"
QUERY_API_JAR="$ROOT/query-api/target/quarkus-app/quarkus-run.jar"
HARNESS_JAR="$BENCH/target/bench.jar"
KAFKA_LIBS="$ROOT/kafka-broker/target/kafka-libs"
KAFKA_TOOLS="$BENCH/target/kafka-tools"

log() { printf '[bench/run.sh] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

usage() {
  sed -n '7,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "$1"
}

PHASE=all
REBUILD=false
HARNESS_ARGS=()
while (($# > 0)); do
  case "$1" in
    all | startup | http | pipeline | ingest | pacing | freshness | scale | soak | *,*) PHASE=$1 ;; # a,b: several, in order
    --quick) HARNESS_ARGS+=(--quick) ;;
    --duration)
      [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || die "--duration needs a number of seconds"
      HARNESS_ARGS+=(--duration "$2")
      shift
      ;;
    --rebuild) REBUILD=true ;;
    -h | --help) usage 0 ;;
    *)
      log "unknown argument: $1"
      usage 2
      ;;
  esac
  shift
done

TOOLS=(java wrk redis-benchmark)
[[ -n ${GPSREPLAY_REDIS_SERVER:-} ]] || TOOLS+=(redis-server) # test-support's RedisServer runs that one
for tool in "${TOOLS[@]}"; do
  command -v "$tool" >/dev/null || die "$tool is not on the PATH (Debian: apt-get install wrk redis-tools redis-server)"
done

# A jar is stale when a source or pom.xml of a module it is built from changed since it was built.
stale() { # jar module...
  local jar=$1 module
  shift
  [[ -f $jar ]] || return 0
  [[ $ROOT/pom.xml -nt $jar ]] && return 0
  for module in "$@"; do
    [[ -n "$(find "$ROOT/$module/src" "$ROOT/$module/pom.xml" -type f -newer "$jar" -print -quit 2>/dev/null)" ]] && return 0
  done
  return 1
}

# The Kafka version the broker is built from (kafka-broker/pom.xml), for kafka-tools.
kafka_version() {
  sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$ROOT/kafka-broker/pom.xml" | head -n 1
}

build() {
  local modules=()
  if [[ $REBUILD == true ]] || stale "$REPLAYER_JAR" replayer gps-domain service-common; then modules+=(replayer); fi
  if [[ $REBUILD == true ]] || stale "$QUERY_API_JAR" query-api gps-domain service-common; then modules+=(query-api); fi
  if [[ $REBUILD == true ]] || stale "$HARNESS_JAR" bench test-support; then modules+=(bench); fi
  if ! compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; then modules+=(kafka-broker); fi
  if ((${#modules[@]} > 0)); then
    local list
    list="$(IFS=,; echo "${modules[*]}")"
    log "building $list (./mvnw -Pbench -pl $list -am package; the harness's parser tests run)"
    # -Pbench adds the bench module to the reactor, so test-support comes from it: no `mvn install`.
    # Only the harness's own unit tests run here (-Dtest matches no class of another module).
    # Maven's output goes to stderr: stdout is the table.
    (cd "$ROOT" && ./mvnw -B -ntp -q -Pbench -pl "$list" -am package \
      -Dtest='dev.gpsreplay.bench.*Test' -Dsurefire.failIfNoSpecifiedTests=false) >&2
  fi
  local version
  version="$(kafka_version)"
  [[ -n $version ]] || die "no <kafka.version> in kafka-broker/pom.xml"
  if [[ ! -f $KAFKA_TOOLS/kafka-tools-$version.jar ]]; then
    log "fetching org.apache.kafka:kafka-tools:$version (ProducerPerformance, the broker's version)"
    rm -rf "$KAFKA_TOOLS"
    (cd "$ROOT" && ./mvnw -B -ntp -q -N dependency:copy \
      -Dartifact="org.apache.kafka:kafka-tools:$version" -DoutputDirectory="$KAFKA_TOOLS")
  fi
}

build
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || true)"
COMMAND="bench/run.sh $PHASE ${HARNESS_ARGS[*]}"
cd "$ROOT"
# The replayer's changing endpoints need an operator JWT (the scale phase pauses every replay): without
# a token given, make a key pair for this run, give the services its public key and the harness a token.
if [[ -z ${GPSREPLAY_TOKEN:-} ]]; then
  KEY_DIR="$(mktemp -d)"
  trap 'rm -rf "$KEY_DIR"' EXIT
  GPSREPLAY_TOKEN="$(bash "$ROOT/scripts/operator-token.sh" "$KEY_DIR")"
  export GPSREPLAY_TOKEN MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEY_DIR/publicKey.pem"
fi
# Top-speed phases replay drives at speed 100,000: lift the replayer's emission budget (a limit for
# callers, not for a benchmark) unless it is set.
export REPLAY_MAX_EMISSION_RATE="${REPLAY_MAX_EMISSION_RATE:-1000000000}"

java -Xmx768m -XX:+UseSerialGC -cp "$HARNESS_JAR:$BENCH/target/lib/*" \
  -Dbench.root="$ROOT" -Dbench.command="${COMMAND% }" -Dbench.commit="$COMMIT" \
  -Dgpsreplay.kafka.libs="$KAFKA_LIBS" -Dbench.kafka.tools="$KAFKA_TOOLS" \
  dev.gpsreplay.bench.Bench "$PHASE" "${HARNESS_ARGS[@]}"
