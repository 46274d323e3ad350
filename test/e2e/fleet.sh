#!/usr/bin/env bash
# The ops overview with the demo's three environments and a simulated fleet
# of fifty more (AIRFLOW_PORTAL_FLEET in scripts/start.sh): the compact table
# lists all of them, worst first. Saves test/e2e/screenshots/ops-overview-fleet.png.
# Run by scripts/test.sh as the suite test/fleet.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/stack.sh"
source scripts/chromium.sh

export SIM_FLEET_SIZE=50
assert_ports_free 28083
start_simulator
node scripts/wait-for-ports.js 28083
node --require @backstage/cli/config/nodeTransform.cjs \
  packages/airflow-simulator/src/fleet/writeFleetConfig.ts \
  app-config.yaml "$STACK_LOGS/app-config.fleet.yaml" "$SIM_FLEET_SIZE"
BACKEND_START_ARGS="--config $PWD/app-config.yaml --config $STACK_LOGS/app-config.fleet.yaml" \
  start_backend
start_app
# Bounded, so the suite stops by itself; the stack is stopped on exit.
timeout 300 node --require @backstage/cli/config/nodeTransform.cjs test/e2e/fleet.e2e.ts
