#!/usr/bin/env bash
# Load benchmark of the backend's production build (as Backstage's Dockerfile
# runs it: the bundle of `backstage-cli package build`, started with
# `node packages/backend`), against the simulator's three environments on
# loopback. Prints requests/s, errors, p50/p95/p99 and upstream calls per route
# next to the catalog's by-name read of the same run, and the backend's memory.
#   DURATION_S=30 CONNECTIONS=100,200 ./scripts/bench-load.sh
# BENCH_SKIP_BUILD=1 reuses packages/backend/dist; SNAPSHOT_DIR=<dir> saves
# heap snapshots (warm, after); CPU_PROF_DIR=<dir> writes a --cpu-prof profile.
# Uses the stack's fixed ports, so it takes the stack's lock itself.
set -euo pipefail
if [ -z "${AIRFLOW_PORTAL_STACK_LOCKED:-}" ]; then
  exec env AIRFLOW_PORTAL_STACK_LOCKED=1 flock /tmp/airflow-portal-stack.lock "$0" "$@"
fi
source "$(dirname "${BASH_SOURCE[0]}")/../test/lib/stack.sh"
source test/lib/prod-backend.sh
# autocannon is a devDependency: a node_modules out of step with Yarn lacks it.
node scripts/check-install.js
INSPECT_PORT=4019

build_backend_bundle
WORK="$(mktemp -d)"
unpack_backend_bundle "$WORK"

start_simulator
assert_ports_free 7007 "$INSPECT_PORT"
NODE_ARGS=(--inspect="127.0.0.1:$INSPECT_PORT")
[ -n "${CPU_PROF_DIR:-}" ] && NODE_ARGS+=(--cpu-prof --cpu-prof-dir="$CPU_PROF_DIR")
NODE_ENV=production AIRFLOW_PORTAL_DATA_DIR="$WORK/sqlite" \
  start_prod_backend "$WORK" BACKEND "${NODE_ARGS[@]}" -- \
  --config "$PWD/app-config.yaml" \
  --config "$PWD/plugins/airflow-backend/bench/load/app-config.bench.yaml"
node scripts/wait-for-ports.js 7007
# A token carries its owner groups from sign-in on: load.ts signs in after this.
wait_for_catalog http://localhost:7007 guest user/default/guest \
  group/default/team-data component/default/orders-service >/dev/null

BACKEND_PID="$BACKEND_PID" INSPECTOR_URL="http://127.0.0.1:$INSPECT_PORT" \
  node --require @backstage/cli/config/nodeTransform.cjs \
  plugins/airflow-backend/bench/load/load.ts
rm -rf "$WORK"
