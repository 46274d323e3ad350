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
assert_ports_free 7007
setsid yarn workspace backend start "${CONFIGS[@]}" >"$STACK_LOGS/backend.log" 2>&1 &
BACKEND_PID=$!
node scripts/wait-for-ports.js 7007

# The whole suite is bounded: it stops by itself even if a step hangs.
timeout 600 node --require @backstage/cli/config/nodeTransform.cjs \
  test/faults/faults.ts http://localhost:7007
