#!/usr/bin/env bash
# Two replicas of the backend's production build on one PostgreSQL and one
# Redis, all on loopback (Debian's postgresql and redis-server packages,
# installed when missing): runs check.ts against them. The replicas run with
# NODE_ENV=development only so that the demo sign-in gives each check a user.
#   Redis on 127.0.0.1:4011, replica A on :7007, replica B on :4012,
#   PostgreSQL from scripts/postgres.sh (127.0.0.1:54329).
# Uses the stack's fixed ports, so it takes the stack's lock itself.
set -euo pipefail
if [ -z "${AIRFLOW_PORTAL_STACK_LOCKED:-}" ]; then
  exec env AIRFLOW_PORTAL_STACK_LOCKED=1 flock /tmp/airflow-portal-stack.lock "$0" "$@"
fi
source "$(dirname "${BASH_SOURCE[0]}")/../lib/stack.sh"
source test/lib/prod-backend.sh
source scripts/postgres.sh
REDIS_PORT=4011
PORTS=(7007 4012)

if ! command -v redis-server >/dev/null; then
  echo "==> Installing Redis (Debian package)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
PG_URL="postgresql://postgres@127.0.0.1:${AIRFLOW_PORTAL_PG_PORT:-54329}"
PREFIX="airflow_portal_scale_out_$$_"

cleanup() {
  local status=$?
  set +e
  [ -n "${REPLICA_A_PID:-}" ] && kill -- -"$REPLICA_A_PID" 2>/dev/null
  [ -n "${REPLICA_B_PID:-}" ] && kill -- -"$REPLICA_B_PID" 2>/dev/null
  [ -n "${REDIS_PID:-}" ] && kill "$REDIS_PID" 2>/dev/null
  sleep 2
  # This run's databases only (one per plugin).
  for db in $(psql "$PG_URL/postgres" -Atc "select datname from pg_database where datname like '${PREFIX}%'" 2>/dev/null); do
    psql "$PG_URL/postgres" -qc "drop database if exists \"$db\"" >/dev/null 2>&1 || true
  done
  [ -n "${WORK:-}" ] && rm -rf "$WORK"
  # stop_stack reads the status from $?.
  (exit "$status")
  stop_stack
}
trap cleanup EXIT

assert_ports_free "$REDIS_PORT" "${PORTS[@]}"
setsid redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
  >"$STACK_LOGS/redis.log" 2>&1 &
REDIS_PID=$!

build_backend_bundle
WORK="$(mktemp -d)"
unpack_backend_bundle "$WORK"
start_simulator

start_replica() {
  local name="$1" port="$2"
  NODE_ENV=development REPLICA_PORT="$port" DATABASE_PREFIX="$PREFIX" \
    POSTGRES_PORT="${AIRFLOW_PORTAL_PG_PORT:-54329}" \
    REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
    start_prod_backend "$WORK" "$name" -- \
    --config "$PWD/app-config.yaml" \
    --config "$PWD/test/scale-out/app-config.scale-out.yaml"
}
# One after the other: the first runs the migrations.
start_replica REPLICA_A 7007
node scripts/wait-for-ports.js 7007
wait_for_catalog http://localhost:7007 pat component/default/orders-service >/dev/null
start_replica REPLICA_B 4012
node scripts/wait-for-ports.js 4012
wait_for_catalog http://localhost:4012 pat component/default/orders-service >/dev/null

# An audit record past retention, for the scheduled retention run to delete.
psql "$PG_URL/${PREFIX}airflow" -qc "insert into airflow_audit_records
  (id, created_at, actor, action, environment, dag_id, entity_ref, outcome, request_id)
  values ('00000000-0000-4000-8000-000000000001', now() - interval '400 days',
  'user:default/pat', 'dag.trigger', 'legacy-etl', 'orders_daily_load',
  'component:default/orders-service', 'succeeded', 'expired-record')"

REPLICA_URLS="http://localhost:7007,http://localhost:4012" \
  SIMULATOR_URLS="http://127.0.0.1:28080,http://127.0.0.1:28081,http://127.0.0.1:28082" \
  REPLICA_LOGS="$STACK_LOGS/REPLICA_A.log,$STACK_LOGS/REPLICA_B.log" \
  node --require @backstage/cli/config/nodeTransform.cjs test/scale-out/check.ts
