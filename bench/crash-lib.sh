# Shared by the crash tests (bench/crash-ingest, bench/crash-send): their own Quanyu server on a port of its own,
# the local servers they start when missing (and stop again on exit), and kill -9 of the server at moments chosen
# by a driver's progress. Source it after dev/lib.sh; the script then sets PORT, LOG_DIR and PROGRESS_UNIT (what the
# driver's progress file counts), and SERVER_ARGS for options of the server beyond dev/run's core command line.
# shellcheck shell=bash

SERVER_JAR="$QUANYU_ROOT/surfaces/server/target/quanyu-server.jar"
BENCH_JAR="$QUANYU_ROOT/bench/target/quanyu-bench.jar"
MONGO_JAR="$QUANYU_ROOT/dev/mongo-wire/target/quanyu-mongo-wire.jar"
SERVER_ARGS=()
WORK=""
SERVER_PID=""
DRIVER_PID=""
KILLS=0
STARTED_SERVERS=()

ready() { curl -fsS --max-time 3 "http://127.0.0.1:$PORT/actuator/health/readiness" 2>/dev/null | grep -q '"status":"UP"'; }
running() { "$QUANYU_ROOT/dev/servers" status "$1" | grep -q ': running'; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

cleanup() {
  local rc=$? s
  if alive "$DRIVER_PID"; then kill -TERM "$DRIVER_PID" 2>/dev/null || true; fi
  if alive "$SERVER_PID"; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait_for "quanyu server to stop" 30 bash -c "! kill -0 $SERVER_PID 2>/dev/null" || kill -KILL "$SERVER_PID" 2>/dev/null || true
    say "stopped the quanyu server on :$PORT (log: $LOG_DIR/server.log)"
  fi
  for s in "${STARTED_SERVERS[@]}"; do "$QUANYU_ROOT/dev/servers" stop "$s" || true; done
  [ -n "$WORK" ] && rm -rf "$WORK"
  exit "$rc"
}

require_jars() {
  local jar
  for jar in "$SERVER_JAR" "$BENCH_JAR"; do
    [ -f "$jar" ] || die "$jar is missing; build it first: mvn -B -o -q install -DskipTests -pl surfaces/server,bench -am"
  done
}

# crash_setup NAME PORT_VARIABLE: the JDK, the exit traps, the jars, the free port, and the work folder $WORK
# (/tmp/quanyu-NAME.*) with private copies of the jars: a build elsewhere replacing a jar mid-run would break a
# restart or the driver's class loading.
crash_setup() {
  local name=$1 port_variable=$2
  use_jdk
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  require_jars
  require_free_port "$PORT" "the crash test's quanyu server ($port_variable)"
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/quanyu-$name.XXXXXX")
  mkdir -p "$LOG_DIR" "$QUANYU_ROOT/data/exports"; : >"$LOG_DIR/server.log"
  cp "$SERVER_JAR" "$BENCH_JAR" "$WORK/"; SERVER_JAR="$WORK/quanyu-server.jar"; BENCH_JAR="$WORK/quanyu-bench.jar"
}

# start_backing_servers NAME...: starts those of the local servers (dev/servers names) that are not running.
start_backing_servers() {
  local s
  for s in "$@"; do running "$s" || STARTED_SERVERS+=("$s"); done
  [ "${#STARTED_SERVERS[@]}" -eq 0 ] && return
  if [[ " ${STARTED_SERVERS[*]} " == *" mongo "* ]] && [ ! -f "$MONGO_JAR" ]; then
    die "$MONGO_JAR is missing; build it first: mvn -B -o -q package -DskipTests -pl dev/mongo-wire -am"
  fi
  say "starting ${STARTED_SERVERS[*]}"
  for s in "${STARTED_SERVERS[@]}"; do "$QUANYU_ROOT/dev/servers" start "$s" & done
  wait_all_or_die
}

wait_all_or_die() {
  local pid
  for pid in $(jobs -p); do wait "$pid" || die "a local server did not start"; done
}

# The same command line as dev/run's, on this test's port, with the test's SERVER_ARGS.
start_server() {
  local started=$SECONDS
  (cd "$QUANYU_ROOT" && exec "$JAVA_HOME/bin/java" ${QUANYU_SERVER_JAVA_OPTS:--Xmx512m} -jar "$SERVER_JAR" \
     "${SERVER_ARGS[@]}" \
     --server.port="$PORT" \
     --quanyu.mongodb.uri="mongodb://127.0.0.1:$MONGO_PORT" \
     --quanyu.elasticsearch.url="http://127.0.0.1:$ES_HTTP_PORT" \
     --quanyu.keycloak.url="http://127.0.0.1:$KC_PORT" \
     --quanyu.export-dir="$QUANYU_ROOT/data/exports") >>"$LOG_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  wait_for "quanyu server on :$PORT" 90 ready || { tail -30 "$LOG_DIR/server.log" >&2; die "the quanyu server did not get ready"; }
  say "quanyu server ready on :$PORT (pid $SERVER_PID) in $((SECONDS - started)) s"
}

# start_driver CLASS ARGUMENT...: runs io.quanyu.bench.CLASS from the bench jar in the background (DRIVER_PID),
# pointed at this test's servers, its progress file and kill count; DRIVER_OPTS adds JVM options.
DRIVER_OPTS=()
start_driver() {
  local class=$1; shift
  "$JAVA_HOME/bin/java" -Xmx512m -Dloader.main="io.quanyu.bench.$class" \
    -Dquanyu.bench.mongo="mongodb://127.0.0.1:$MONGO_PORT" -Dquanyu.bench.server="http://127.0.0.1:$PORT" \
    -Dquanyu.bench.keycloak="http://127.0.0.1:$KC_PORT" -Dcrash.progress="$WORK/progress" -Dcrash.kills="$WORK/kills" \
    "${DRIVER_OPTS[@]}" -cp "$BENCH_JAR" org.springframework.boot.loader.launch.PropertiesLauncher "$@" &
  DRIVER_PID=$!
}

progress() { cat "$WORK/progress" 2>/dev/null || echo 0; }

# Waits until the driver's progress reaches $1, then kills the server with kill -9 after a random pause of up to
# 0.9 s (a request is in flight at almost any moment) and starts it again.
kill_at() {
  local target=$1
  while alive "$DRIVER_PID" && [ "$(progress)" -lt "$target" ]; do sleep 0.2; done
  alive "$DRIVER_PID" || return 0
  sleep "0.$((RANDOM % 10))"
  kill -KILL "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  KILLS=$((KILLS + 1)); echo "$KILLS" >"$WORK/kills"
  say "kill -9 of the quanyu server (pid $SERVER_PID) with $(progress) $PROGRESS_UNIT acknowledged"
  start_server
}

# Waits for the driver; its exit status, or 3 when it passed but the server was not killed twice.
await_driver() {
  local rc=0
  wait "$DRIVER_PID" || rc=$?
  DRIVER_PID=""
  [ "$rc" -eq 0 ] && [ "$KILLS" -lt 2 ] && { say "the driver finished before the server was killed twice ($KILLS kills)"; rc=3; }
  return "$rc"
}
