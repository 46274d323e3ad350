#!/usr/bin/env bash
# Faults against the real backend and the simulator (100 ms added latency):
# an Airflow 3 restart, a hung Airflow, throttling with Retry-After, 5xx,
# connection resets, malformed and oversized answers, refused credentials, an
# unresolvable host. Each step asserts that the affected environment answers
# with a clear error within a generous bound, the others keep answering, the
# audit trail keeps every attempt, and the backend recovers by itself.
#
# Optional steps: FAULTS_POSTGRES=1 restarts a private PostgreSQL (on 4019)
# under the backend mid-run; REDIS_URL (with a backend configured for Redis)
# stops Redis mid-run. Both are skipped otherwise, and say so.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/stack.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

export SIM_LATENCY_MS=100
start_simulator

CONFIGS=(--config "$ROOT/app-config.yaml" --config "$ROOT/test/faults/app-config.faults.yaml")

# A private PostgreSQL on 4019 (never the shared one: it is restarted mid-run).
if [ "${FAULTS_POSTGRES:-}" = 1 ]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$PG_BIN" ] || { echo "FAULTS_POSTGRES=1 needs PostgreSQL installed" >&2; exit 1; }
  as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  assert_ports_free 4019
  FAULTS_PG_DATA="$(mktemp -d)"
  [ "$(id -u)" = "0" ] && chown postgres "$FAULTS_PG_DATA"
  as_pg "$PG_BIN/initdb" -D "$FAULTS_PG_DATA" -U postgres --auth=trust >/dev/null
  PG_OPTS="-p 4019 -c listen_addresses=127.0.0.1 -k $FAULTS_PG_DATA"
  as_pg "$PG_BIN/pg_ctl" -D "$FAULTS_PG_DATA" -o "$PG_OPTS" -l "$FAULTS_PG_DATA/server.log" -w start >/dev/null
  stop_postgres() { as_pg "$PG_BIN/pg_ctl" -D "$FAULTS_PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$FAULTS_PG_DATA"; }
  # set +e: under `set -e` the trap itself would stop at the first failing command.
  trap 'status=$?; set +e; stop_postgres; (exit $status); stop_stack' EXIT
  # What faults.ts runs for its restart step.
  export FAULTS_PG_RESTART="$(declare -f as_pg); as_pg '$PG_BIN/pg_ctl' -D '$FAULTS_PG_DATA' -o '$PG_OPTS' -l '$FAULTS_PG_DATA/server.log' -m fast -w restart"
  CONFIGS+=(--config "$ROOT/test/faults/app-config.postgres.yaml")
fi
assert_ports_free 7007
setsid yarn workspace backend start "${CONFIGS[@]}" >"$STACK_LOGS/backend.log" 2>&1 &
BACKEND_PID=$!
node scripts/wait-for-ports.js 7007

# The whole suite is bounded: it stops by itself even if a step hangs.
timeout 600 node --require @backstage/cli/config/nodeTransform.cjs \
  test/faults/faults.ts http://localhost:7007
