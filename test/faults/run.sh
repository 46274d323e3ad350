#!/usr/bin/env bash
# Faults against the real backend and the simulator (100 ms added latency):
# an Airflow 3 restart, a hung Airflow, throttling with Retry-After, 5xx,
# connection resets, malformed and oversized answers, refused credentials, an
# unresolvable host. Each step asserts that the affected environment answers
# with a clear error within a generous bound, the others keep answering, the
# audit trail keeps every attempt, and the backend recovers by itself.
#
# Below the backend, started by this suite (installed when missing as Debian
# packages), on loopback and stopped on exit:
#   a private PostgreSQL on 4019 (never the shared one: it is stopped and
#   started again mid-run), skipped with FAULTS_POSTGRES=0;
#   a private Redis on 4011 as the backend's cache, stopped mid-run, skipped
#   with FAULTS_REDIS=0.
# Where either is missing and cannot be installed (no root or no apt-get),
# the suite says so and exits 77 (skipped).
# The suite stops by itself (timeout) and kills what it started on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/stack.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The Redis step needs the project's @keyv/redis patch applied.
node "$ROOT/scripts/check-install.js"

export SIM_LATENCY_MS=100
start_simulator

CONFIGS=(--config "$ROOT/app-config.yaml" --config "$ROOT/test/faults/app-config.faults.yaml")

install_package() {
  [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null || {
    echo "$1 is not installed and cannot be installed here (needs root and apt-get); run with $2=0 to leave its step out" >&2
    exit 77
  }
  echo "==> Installing $1 (Debian package)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}
as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

STOP_EXTRA=()
cleanup() {
  local status=$?
  set +e
  local step
  for step in "${STOP_EXTRA[@]}"; do eval "$step"; done
  # stop_stack reads the status from $?.
  (exit "$status")
  stop_stack
}
trap cleanup EXIT

# A private PostgreSQL on 4019 (never the shared one: it is stopped mid-run).
if [ "${FAULTS_POSTGRES:-1}" = 1 ]; then
  [ -n "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null)" ] || install_package postgresql FAULTS_POSTGRES
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  assert_ports_free 4019
  FAULTS_PG_DATA="$(mktemp -d)"
  [ "$(id -u)" = "0" ] && chown postgres "$FAULTS_PG_DATA"
  as_pg "$PG_BIN/initdb" -D "$FAULTS_PG_DATA" -U postgres --auth=trust >/dev/null
  PG_OPTS="-p 4019 -c listen_addresses=127.0.0.1 -k $FAULTS_PG_DATA"
  pg_ctl_faults() { as_pg "$PG_BIN/pg_ctl" -D "$FAULTS_PG_DATA" -o "$PG_OPTS" -l "$FAULTS_PG_DATA/server.log" "$@"; }
  pg_ctl_faults -w start >/dev/null
  STOP_EXTRA+=('pg_ctl_faults -m immediate -w stop >/dev/null 2>&1; rm -rf "$FAULTS_PG_DATA"')
  # What faults.ts runs to take the database away and bring it back.
  export FAULTS_PG_STOP="$(declare -f as_pg pg_ctl_faults); PG_BIN='$PG_BIN' FAULTS_PG_DATA='$FAULTS_PG_DATA' PG_OPTS='$PG_OPTS'; pg_ctl_faults -m fast -w stop"
  export FAULTS_PG_START="$(declare -f as_pg pg_ctl_faults); PG_BIN='$PG_BIN' FAULTS_PG_DATA='$FAULTS_PG_DATA' PG_OPTS='$PG_OPTS'; pg_ctl_faults -w start"
  CONFIGS+=(--config "$ROOT/test/faults/app-config.postgres.yaml")
else
  echo "==> FAULTS_POSTGRES=0: the backend runs on SQLite, the PostgreSQL step is skipped"
fi

# A private Redis on 4011 as the backend's cache (as in test/scale-out).
if [ "${FAULTS_REDIS:-1}" = 1 ]; then
  command -v redis-server >/dev/null || install_package redis-server FAULTS_REDIS
  assert_ports_free 4011
  redis_faults() {
    setsid redis-server --port 4011 --bind 127.0.0.1 --save '' --appendonly no \
      >>"$STACK_LOGS/redis.log" 2>&1 &
    echo $! >"$STACK_LOGS/redis.pid"
    node "$ROOT/scripts/wait-for-ports.js" 4011
  }
  redis_faults
  STOP_EXTRA+=('kill "$(cat "$STACK_LOGS/redis.pid")" 2>/dev/null')
  export FAULTS_REDIS_STOP="kill \"\$(cat '$STACK_LOGS/redis.pid')\" && while (exec 3<>/dev/tcp/127.0.0.1/4011) 2>/dev/null; do sleep 0.1; done"
  export FAULTS_REDIS_START="$(declare -f redis_faults); STACK_LOGS='$STACK_LOGS' ROOT='$ROOT'; redis_faults >/dev/null"
  export REDIS_URL=redis://127.0.0.1:4011
  CONFIGS+=(--config "$ROOT/test/faults/app-config.redis.yaml")
else
  echo "==> FAULTS_REDIS=0: the Redis step is skipped"
fi

assert_ports_free 7007
setsid env APP_CONFIG_backend_listen_host=127.0.0.1 yarn workspace backend start "${CONFIGS[@]}" >"$STACK_LOGS/backend.log" 2>&1 &
BACKEND_PID=$!
node scripts/wait-for-ports.js 7007

# The whole suite is bounded: it stops by itself even if a step hangs.
timeout 900 node --require @backstage/cli/config/nodeTransform.cjs \
  test/faults/faults.ts http://localhost:7007
